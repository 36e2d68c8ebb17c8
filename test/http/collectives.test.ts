import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, GROUP, recordResolution, registerCollective, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

let world: World;
beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200", equityHoldingCapPercent: "3" });
});
afterAll(() => world.close());

describe("POST /v1/collectives", () => {
  describe("accepts", () => {
    it("registers a group-level collective and answers it with the default rules", async () => {
      const res = await world.request("POST", "/v1/collectives", { body: GROUP });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ ...GROUP, rules: { noticeDays: 7, homesteadMaxAreaM2: null, equityHoldingCapPercent: null } });
      expect(res.body.rulesHistory).toHaveLength(1);
    });
    it("answers the same facts again with 200 and the existing record", async () => {
      const res = await world.request("POST", "/v1/collectives", { body: VILLAGE });
      expect(res.status, res.text).toBe(200);
      expect(res.body.rules.homesteadMaxAreaM2).toBe("200");
    });
  });

  describe("rejects", () => {
    it.each([
      ["a wrong check character", { code: "N2371083MA0QW7T335" }, 422, "credit_code_check_character_mismatch"],
      ["a non-collective department", { code: "91350100M000100Y43" }, 422, "credit_code_not_collective"],
      ["a type digit that does not match the level", { level: "group" }, 422, "credit_code_level_mismatch"],
      ["a 9-digit region for a village", { regionCode: "371083108" }, 422, "region_code_level_mismatch"],
      ["an unknown province", { regionCode: "991083108201", issuerCode: "99108310820100" }, 422, "region_code_unknown_province"],
      ["an issuer code outside the region", { issuerCode: "37108310820200" }, 422, "issuer_code_outside_region"],
      ["other facts under a registered code", { name: "另一个名字" }, 409, "collective_already_registered"],
    ])("refuses %s", async (_name, change, status, code) => {
      const res = await world.request("POST", "/v1/collectives", { body: { ...VILLAGE, ...change } });
      expectProblem(res, status as number, code as string);
    });
    it("refuses an issuer code that belongs to another collective with 409 issuer_code_taken", async () => {
      const res = await world.request("POST", "/v1/collectives", {
        body: { ...VILLAGE, code: "N2371083MA0QW73T00", name: "另一村" },
      });
      expectProblem(res, 409, "issuer_code_taken");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/collectives",
    body: () => GROUP,
    refused: async () => [
      { name: "registrar", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 403, code: "forbidden" },
      { name: "bureau", token: await createToken(world, { role: "bureau", regionPrefix: "3710" }), status: 403, code: "forbidden" },
    ],
  });
});

describe("GET /v1/collectives/{code}", () => {
  it("answers a registrar its own collective", async () => {
    const token = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
    const res = await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(VILLAGE.code);
  });
  it("answers a bureau whose prefix covers the collective, and 404 to one whose prefix does not", async () => {
    const inside = await createToken(world, { role: "bureau", regionPrefix: "371083" });
    const outside = await createToken(world, { role: "bureau", regionPrefix: "370114" });
    expect((await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token: inside })).status).toBe(200);
    const res = await world.request("GET", `/v1/collectives/${VILLAGE.code}`, { token: outside });
    const missing = await world.request("GET", `/v1/collectives/N2371083MA0QW73T00`, { token: outside });
    expectProblem(res, 404, "collective_not_found");
    expect(res.body.title).toBe(missing.body.title);
  });
  runSecurityCases({ world: () => world, method: "GET", path: () => `/v1/collectives/${VILLAGE.code}` });
});

describe("PUT /v1/collectives/{code}/rules", () => {
  it("adds a version in force from its date, keeps the old one, and merges over the latest", async () => {
    await recordResolution(world, VILLAGE.code, ["rules-change"], { ref: "成员大会决议〔2030〕1号", heldOn: TODAY });
    const res = await world.request("PUT", `/v1/collectives/${VILLAGE.code}/rules`, {
      body: { rules: { homesteadMaxAreaM2: "166" }, resolutionRef: "成员大会决议〔2030〕1号", effectiveOn: "2030-01-01" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.rulesHistory).toHaveLength(2);
    expect(res.body.rulesHistory[1]).toMatchObject({ version: 2, effectiveOn: "2030-01-01", rules: { homesteadMaxAreaM2: "166", equityHoldingCapPercent: "3" } });
    // Not yet in force today:
    expect(res.body.rules.homesteadMaxAreaM2).toBe("200");
  });
  it("refuses a decimal as a JSON number with 400 and a pointer to the field", async () => {
    const res = await world.request("PUT", `/v1/collectives/${VILLAGE.code}/rules`, {
      body: { rules: { homesteadMaxAreaM2: 166 }, resolutionRef: "x", effectiveOn: "2030-01-01" },
    });
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/rules/homesteadMaxAreaM2" }));
  });
});

describe("GET /v1/collectives", () => {
  it("lists only what a bureau's prefix covers", async () => {
    const token = await createToken(world, { role: "bureau", regionPrefix: "370114" });
    const res = await world.request("GET", "/v1/collectives", { token });
    expect(res.status).toBe(200);
    expect(res.body.collectives.map((c: { code: string }) => c.code)).toEqual([GROUP.code]);
  });
});
