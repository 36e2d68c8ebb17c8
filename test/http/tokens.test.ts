import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, GROUP, member, registerCollective, registerPerson, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

let world: World;
let villager: { id: string }; // active member of VILLAGE
let outsider: { id: string }; // registered, member of nothing
let groupMember: { id: string }; // active member of GROUP only
let leaver: { id: string }; // former member of VILLAGE
let villageRegistrar: string;
let groupRegistrar: string;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  villager = await member(world, VILLAGE.code, 1);
  outsider = await registerPerson(world, 2);
  groupMember = await member(world, GROUP.code, 3);
  leaver = await member(world, VILLAGE.code, 4);
  const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${leaver.id}/termination`, {
    body: { reason: "voluntary-exit", effectiveOn: "2024-03-01" },
  });
  expect(ended.status, ended.text).toBe(200);
  villageRegistrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
  groupRegistrar = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
});
afterAll(() => world.close());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("POST /v1/tokens", () => {
  describe("accepts", () => {
    it.each([
      ["admin", () => ({ role: "admin" }), {}, 200],
      ["registrar", () => ({ role: "registrar", collectiveCode: VILLAGE.code }), { collectiveCode: VILLAGE.code }, 200],
      ["bureau", () => ({ role: "bureau", regionPrefix: "3710" }), { regionPrefix: "3710" }, 200],
      ["holder", () => ({ role: "holder", personId: villager.id }), () => ({ personId: villager.id }), 404],
    ] as const)("lets an admin issue a %s token that then authenticates with its scope", async (role, body, scope, collectiveStatus) => {
      const res = await world.request("POST", "/v1/tokens", { body: { ...body(), label: `${role} 测试` } });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ role, label: `${role} 测试`, scope: typeof scope === "function" ? scope() : scope });
      expect(res.body.id).toMatch(/^tok_/);
      expect(res.body.token).toMatch(/^rr_[A-Za-z0-9_-]{40,}$/);
      // The token works: a holder sees no collective (404), the others see the village.
      const read = await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token: res.body.token });
      expect(read.status, read.text).toBe(collectiveStatus);
    });

    it.each(["37", "3710", "371083", "371083108", "371083108201"])("issues a bureau token for the %s-prefix (2/4/6/9/12 digits)", async (regionPrefix) => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.scope).toEqual({ regionPrefix });
    });

    it("stores only the SHA-256 hash of the token, never the token itself", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix: "371083", label: "乳山市农业农村局" } });
      expect(res.status, res.text).toBe(201);
      const { token, id } = res.body as { token: string; id: string };
      const rows = await world.tdb.client.execute({ sql: "SELECT * FROM tokens WHERE id = ?", args: [id] });
      expect(rows.rows).toHaveLength(1);
      const row = rows.rows[0]!;
      expect(row.token_hash).toBe(sha256(token));
      expect(Object.values(row).map(String)).not.toContain(token);
      const anywhere = await world.tdb.client.execute({
        sql: "SELECT count(*) AS n FROM tokens WHERE instr(token_hash, ?) > 0 OR instr(coalesce(label, ''), ?) > 0",
        args: [token, token],
      });
      expect(anywhere.rows[0]!.n).toBe(0);
      const journal = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM journal WHERE instr(data_json, ?) > 0", args: [token] });
      expect(journal.rows[0]!.n).toBe(0);
    });

    it("lets a registrar issue a holder token for an active member of its own collective, scoped to that collective", async () => {
      const res = await world.request("POST", "/v1/tokens", { token: villageRegistrar, body: { role: "holder", personId: villager.id } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.scope).toEqual({ personId: villager.id, collectiveCode: VILLAGE.code });
      const rights = await world.request("GET", `/v1/persons/${villager.id}/rights`, { token: res.body.token });
      expect(rights.status, rights.text).toBe(200);
      expect(rights.body.personId).toBe(villager.id);
    });

    it("lets an admin scope a holder token to a collective the person is an active member of", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "holder", personId: groupMember.id, collectiveCode: GROUP.code } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.scope).toEqual({ personId: groupMember.id, collectiveCode: GROUP.code });
    });
  });

  describe("rejects", () => {
    it.each([
      ["an admin token with a collectiveCode", () => ({ role: "admin", collectiveCode: VILLAGE.code })],
      ["an admin token with a regionPrefix", () => ({ role: "admin", regionPrefix: "37" })],
      ["a registrar token without a collectiveCode", () => ({ role: "registrar" })],
      ["a registrar token that also has a regionPrefix", () => ({ role: "registrar", collectiveCode: VILLAGE.code, regionPrefix: "37" })],
      ["a registrar token with a personId", () => ({ role: "registrar", collectiveCode: VILLAGE.code, personId: villager.id })],
      ["a bureau token without a regionPrefix", () => ({ role: "bureau" })],
      ["a bureau token that also names a collective", () => ({ role: "bureau", regionPrefix: "3710", collectiveCode: VILLAGE.code })],
      ["a holder token without a personId", () => ({ role: "holder", collectiveCode: VILLAGE.code })],
      ["a holder token with a regionPrefix", () => ({ role: "holder", personId: villager.id, regionPrefix: "3710" })],
    ])("refuses %s with 422 token_scope_invalid", async (_name, body) => {
      const res = await world.request("POST", "/v1/tokens", { body: body() });
      expectProblem(res, 422, "token_scope_invalid");
    });

    it("refuses a registrar token for an unknown collective with 404 collective_not_found", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "registrar", collectiveCode: "N2371083MA0QW73T00" } });
      expectProblem(res, 404, "collective_not_found");
    });

    it.each([
      ["99", "region_code_unknown_province"],
      ["990102", "region_code_unknown_province"],
      ["371", "region_code_malformed"],
      ["37108310", "region_code_malformed"],
      ["3700", "region_code_malformed"],
      ["37a0", "region_code_malformed"],
    ])("refuses the bureau prefix %s with 422 %s", async (regionPrefix, code) => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix } });
      expectProblem(res, 422, code);
      const stored = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM tokens WHERE region_prefix = ?", args: [regionPrefix] });
      expect(stored.rows[0]!.n).toBe(0);
    });

    it("refuses a holder token for an unknown person with 404 person_not_found", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "holder", personId: "prs_does_not_exist" } });
      expectProblem(res, 404, "person_not_found");
    });

    it("refuses a holder token scoped to an unknown collective with 404 collective_not_found", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "holder", personId: villager.id, collectiveCode: "N2371083MA0QW73T00" } });
      expectProblem(res, 404, "collective_not_found");
    });

    it("refuses a holder token scoped to a collective the person is not a member of with 409 holder_not_member", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "holder", personId: outsider.id, collectiveCode: VILLAGE.code } });
      expectProblem(res, 409, "holder_not_member");
    });

    it.each([
      ["a person who is no member at all", () => outsider.id],
      ["a member of another collective", () => groupMember.id],
      ["a former member whose membership ended", () => leaver.id],
    ])("refuses a registrar's holder token for %s with 409 holder_not_member", async (_name, personId) => {
      const res = await world.request("POST", "/v1/tokens", { token: villageRegistrar, body: { role: "holder", personId: personId() } });
      expectProblem(res, 409, "holder_not_member");
    });

    it("refuses a registrar's holder token naming another collective with 422 token_scope_invalid", async () => {
      const res = await world.request("POST", "/v1/tokens", { token: villageRegistrar, body: { role: "holder", personId: groupMember.id, collectiveCode: GROUP.code } });
      expectProblem(res, 422, "token_scope_invalid");
    });

    it.each([
      ["admin", () => ({ role: "admin" })],
      ["registrar", () => ({ role: "registrar", collectiveCode: VILLAGE.code })],
      ["bureau", () => ({ role: "bureau", regionPrefix: "3710" })],
    ])("refuses a registrar issuing a %s token with 403 forbidden", async (_role, body) => {
      const res = await world.request("POST", "/v1/tokens", { token: villageRegistrar, body: body() });
      expectProblem(res, 403, "forbidden");
    });

    it("refuses an unknown role with 400 validation_failed pointing at the role", async () => {
      const res = await world.request("POST", "/v1/tokens", { body: { role: "superuser" } });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/role" }));
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/tokens",
    body: () => ({ role: "holder", personId: villager.id }),
    refused: async () => [
      { name: "bureau", token: await createToken(world, { role: "bureau", regionPrefix: "3710" }), status: 403, code: "forbidden" },
      { name: "holder", token: await createToken(world, { role: "holder", personId: villager.id }), status: 403, code: "forbidden" },
    ],
  });
});

describe("DELETE /v1/tokens/{id}", () => {
  async function issue(body: Record<string, unknown>, token?: string) {
    const res = await world.request("POST", "/v1/tokens", { body, token });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; token: string };
  }

  describe("accepts", () => {
    it("revokes a token so that it is refused with 401 afterwards", async () => {
      const bureau = await issue({ role: "bureau", regionPrefix: "3710" });
      expect((await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token: bureau.token })).status).toBe(200);
      const res = await world.request("DELETE", `/v1/tokens/${bureau.id}`);
      expect(res.status, res.text).toBe(204);
      expect(res.text).toBe("");
      expectProblem(await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token: bureau.token }), 401, "unauthenticated");
      const row = await world.tdb.client.execute({ sql: "SELECT revoked_at_ms FROM tokens WHERE id = ?", args: [bureau.id] });
      expect(row.rows[0]!.revoked_at_ms).toBe(world.clock.nowMs());
    });

    it("answers 204 again for a token already revoked, and keeps it revoked", async () => {
      const registrar = await issue({ role: "registrar", collectiveCode: GROUP.code });
      expect((await world.request("DELETE", `/v1/tokens/${registrar.id}`)).status).toBe(204);
      const again = await world.request("DELETE", `/v1/tokens/${registrar.id}`);
      expect(again.status, again.text).toBe(204);
      expectProblem(await world.request("GET", `/v1/collectives/${GROUP.code}`, { token: registrar.token }), 401, "unauthenticated");
      const journal = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM journal WHERE type = 'token.revoked' AND subject = ?", args: [registrar.id] });
      expect(journal.rows[0]!.n).toBe(1);
    });

    it("lets a registrar revoke a holder token of its own collective", async () => {
      const holder = await issue({ role: "holder", personId: villager.id }, villageRegistrar);
      const res = await world.request("DELETE", `/v1/tokens/${holder.id}`, { token: villageRegistrar });
      expect(res.status, res.text).toBe(204);
      expectProblem(await world.request("GET", `/v1/persons/${villager.id}/rights`, { token: holder.token }), 401, "unauthenticated");
    });
  });

  describe("rejects", () => {
    it("refuses a registrar revoking a holder token of another collective with 404 token_not_found, and the token keeps working", async () => {
      const holder = await issue({ role: "holder", personId: groupMember.id }, groupRegistrar);
      const res = await world.request("DELETE", `/v1/tokens/${holder.id}`, { token: villageRegistrar });
      expectProblem(res, 404, "token_not_found");
      expect((await world.request("GET", `/v1/persons/${groupMember.id}/rights`, { token: holder.token })).status).toBe(200);
    });

    it.each([
      ["a holder token with no collective", () => ({ role: "holder", personId: villager.id })],
      ["another registrar token of its own collective", () => ({ role: "registrar", collectiveCode: VILLAGE.code })],
      ["a bureau token", () => ({ role: "bureau", regionPrefix: "371083" })],
      ["an admin token", () => ({ role: "admin" })],
    ])("refuses a registrar revoking %s with 404 token_not_found", async (_name, body) => {
      const target = await issue(body());
      const res = await world.request("DELETE", `/v1/tokens/${target.id}`, { token: villageRegistrar });
      expectProblem(res, 404, "token_not_found");
      const row = await world.tdb.client.execute({ sql: "SELECT revoked_at_ms FROM tokens WHERE id = ?", args: [target.id] });
      expect(row.rows[0]!.revoked_at_ms).toBeNull();
    });

    it("answers an unknown id with 404 token_not_found", async () => {
      const res = await world.request("DELETE", "/v1/tokens/tok_00000000000000000000000000");
      expectProblem(res, 404, "token_not_found");
    });
  });

  let target: { id: string; token: string };
  runSecurityCases({
    world: () => world,
    method: "DELETE",
    path: () => `/v1/tokens/${target?.id ?? "tok_unset"}`,
    refused: async () => {
      target = await issue({ role: "holder", personId: villager.id }, villageRegistrar);
      return [
        { name: "bureau", token: await createToken(world, { role: "bureau", regionPrefix: "3710" }), status: 403, code: "forbidden" },
        { name: "holder (even the token's own)", token: target.token, status: 403, code: "forbidden" },
        { name: "registrar of another collective", token: groupRegistrar, status: 404, code: "token_not_found" },
      ];
    },
  });
});
