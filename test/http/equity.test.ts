import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckCharacter, organizationCodeCheckCharacter } from "../../src/domain/identifiers/index.js";
import { createToken, expectProblem, GROUP, member, recordResolution, registerCollective, registerPerson, resolutionBody, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * A group-level collective of its own for each test that asserts exact numbers, so that no test depends on what
 * another issued. Group n of the village of VILLAGE: issuing-party code 37108310820100 + n.
 */
function groupOfVillage(n: number) {
  const org = `MA${String(n).padStart(6, "0")}`;
  const first17 = `N1371083${org}${organizationCodeCheckCharacter(org)}`;
  return {
    code: first17 + creditCodeCheckCharacter(first17),
    name: `乳山市午极镇午极村第${n}村民小组股份经济合作社`,
    level: "group" as const,
    regionCode: VILLAGE.regionCode,
    issuerCode: VILLAGE.regionCode + String(n).padStart(2, "0"),
  };
}

let world: World;
let nextGroup = 1;
let nextPerson = 100;

/** A fresh collective with `count` members; answers its code and the members' person ids. */
async function collectiveWithMembers(count: number, rules?: Record<string, unknown>) {
  const facts = groupOfVillage(nextGroup++);
  await registerCollective(world, facts, rules);
  const people: string[] = [];
  for (let i = 0; i < count; i++) people.push((await member(world, facts.code, nextPerson++)).id);
  return { code: facts.code, issuerCode: facts.issuerCode, people };
}

/** Issues under `body.resolutionRef`, first recorded (when the collective exists) as a passing general meeting's resolution on equity-issuance. */
const issue = async (code: string, body: Record<string, unknown>, token?: string) => {
  if (typeof body.resolutionRef === "string") await world.request("POST", `/v1/collectives/${code}/resolutions`, { body: resolutionBody(body.resolutionRef, ["equity-issuance"]) });
  return world.request("POST", `/v1/collectives/${code}/equity/issuances`, { body, token });
};
const capTable = async (code: string) => (await world.request("GET", `/v1/collectives/${code}/equity`)).body;
const alloc = (personId: string, shares: string, shareClass = "population") => ({ personId, shareClass, shares });
const countRows = async (table: string) => Number((await world.tdb.client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
});
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/equity/issuances", () => {
  describe("accepts", () => {
    it("issues to active members and answers the cap table: total = Σ holdings + the collective's own, percents with 4 places", async () => {
      const { code, people } = await collectiveWithMembers(3);
      const [p1, p2, p3] = people as [string, string, string];
      const res = await issue(code, {
        resolutionRef: "第一村民小组成员大会决议〔2020〕2号",
        allocations: [alloc(p1, "100"), alloc(p2, "12.5"), alloc(p3, "0.0001")],
        collectiveShares: "37.4999",
      });
      expect(res.status, res.text).toBe(201);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        collectiveCode: code,
        totalShares: "150",
        collectiveShares: "37.4999",
        collectivePercent: "24.9999",
        // Each holding's first certificate, numbered in the order of the allocations.
        holdings: [
          { personId: p1, name: expect.any(String), shares: "100", reservedShares: "0", percent: "66.6667", certificateNo: expect.stringMatching(/-GQ-000001$/), annotations: [] },
          { personId: p2, name: expect.any(String), shares: "12.5", reservedShares: "0", percent: "8.3333", certificateNo: expect.stringMatching(/-GQ-000002$/), annotations: [] },
          { personId: p3, name: expect.any(String), shares: "0.0001", reservedShares: "0", percent: "0.0001", certificateNo: expect.stringMatching(/-GQ-000003$/), annotations: [] },
        ],
      });
      const sum = res.body.holdings.reduce((s: Decimal, h: { shares: string }) => s.plus(h.shares), new Decimal(res.body.collectiveShares));
      expect(sum.toString()).toBe(res.body.totalShares);
      // The GET answers the same table, and the database holds the exact units.
      expect(await capTable(code)).toEqual(res.body);
      const rows = await world.tdb.client.execute({ sql: "SELECT account, shares_e4 FROM equity_holdings WHERE collective_code = ? ORDER BY account", args: [code] });
      expect(Object.fromEntries(rows.rows.map((r) => [r.account, Number(r.shares_e4)]))).toEqual({
        "@collective": 374_999,
        "@issued": -1_500_000,
        [p1]: 1_000_000,
        [p2]: 125_000,
        [p3]: 1,
      });
    });

    it("adds a later issuance to what is already held", async () => {
      const { code, people } = await collectiveWithMembers(2);
      const [p1, p2] = people as [string, string];
      expect((await issue(code, { resolutionRef: "决议1", allocations: [alloc(p1, "10")] })).status).toBe(201);
      const res = await issue(code, { resolutionRef: "决议2", allocations: [alloc(p1, "2.5"), alloc(p2, "7.5")] });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ totalShares: "20", collectiveShares: "0", collectivePercent: "0.0000" });
      expect(res.body.holdings).toEqual([
        expect.objectContaining({ personId: p1, shares: "12.5", percent: "62.5000" }),
        expect.objectContaining({ personId: p2, shares: "7.5", percent: "37.5000" }),
      ]);
    });

    it("issues only to the collective's own holding when no member is allocated", async () => {
      const { code } = await collectiveWithMembers(1);
      const res = await issue(code, { resolutionRef: "集体股决议", allocations: [], collectiveShares: "30000" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({ collectiveCode: code, totalShares: "30000", collectiveShares: "30000", collectivePercent: "100.0000", holdings: [] });
    });

    it("gives one person shares in two classes as one holding", async () => {
      const { code, people } = await collectiveWithMembers(1);
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "3", "population"), alloc(people[0]!, "1.25", "seniority")] });
      expect(res.status, res.text).toBe(201);
      expect(res.body.holdings).toEqual([expect.objectContaining({ personId: people[0], shares: "4.25", percent: "100.0000" })]);
      const entries = await world.tdb.client.execute({ sql: "SELECT share_class, shares_e4 FROM equity_entries WHERE collective_code = ? ORDER BY seq", args: [code] });
      expect(entries.rows.map((r) => [r.share_class, Number(r.shares_e4)])).toEqual([["population", 30_000], ["seniority", 12_500]]);
    });

    it("accepts a holder exactly at the charter's cap", async () => {
      const { code, people } = await collectiveWithMembers(2, { equityHoldingCapPercent: "50" });
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "50"), alloc(people[1]!, "50")] });
      expect(res.status, res.text).toBe(201);
      expect(res.body.holdings.map((h: { percent: string }) => h.percent)).toEqual(["50.0000", "50.0000"]);
    });

    it("lets the registrar of the collective issue", async () => {
      const { code, people } = await collectiveWithMembers(1);
      const token = await createToken(world, { role: "registrar", collectiveCode: code });
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "1")] }, token);
      expect(res.status, res.text).toBe(201);
    });

    it("journals the issuance once, with the resolution and the allocations", async () => {
      const { code, issuerCode, people } = await collectiveWithMembers(1);
      await recordResolution(world, code, ["equity-issuance"], { ref: "决议〔2021〕5号" });
      const before = await world.tdb.client.execute({ sql: "SELECT COUNT(*) AS n FROM journal WHERE stream = ?", args: [code] });
      await issue(code, { resolutionRef: "决议〔2021〕5号", allocations: [alloc(people[0]!, "8")], collectiveShares: "2" });
      const rows = await world.tdb.client.execute({ sql: "SELECT type, stream_seq, data_json FROM journal WHERE stream = ? ORDER BY stream_seq", args: [code] });
      expect(rows.rows.length).toBe(Number(before.rows[0]!.n) + 1);
      const last = rows.rows.at(-1)!;
      expect(last.type).toBe("equity.issued");
      expect(JSON.parse(String(last.data_json))).toEqual({
        resolutionRef: "决议〔2021〕5号",
        allocations: [{ personId: people[0], shareClass: "population", shares: "8" }],
        collectiveShares: "2",
        // The member's holding gets its first certificate; the collective's own shares get none.
        certificates: { issued: [`${issuerCode}-GQ-000001`], superseded: [], cancelled: [] },
      });
    });
  });

  describe("rejects", () => {
    it("refuses shares to a registered person who is not a member with 409 allocation_to_non_member, and writes nothing", async () => {
      const { code, people } = await collectiveWithMembers(1);
      await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "5")] });
      const outsider = await registerPerson(world, nextPerson++);
      const before = await capTable(code);
      const [entries, journal] = [await countRows("equity_entries"), await countRows("journal")];
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "1"), alloc(outsider.id, "1")] });
      expectProblem(res, 409, "allocation_to_non_member");
      expect(res.body.detail).toContain(outsider.id);
      expect(await capTable(code)).toEqual(before);
      expect([await countRows("equity_entries"), await countRows("journal")]).toEqual([entries, journal]);
    });

    it("refuses shares to a member whose membership ended with 409 allocation_to_non_member, and writes nothing", async () => {
      const { code, people } = await collectiveWithMembers(2);
      const ended = await world.request("POST", `/v1/collectives/${code}/members/${people[1]}/termination`, { body: { reason: "voluntary-exit", effectiveOn: "2024-01-01" } });
      expect(ended.status, ended.text).toBe(200);
      const before = await capTable(code);
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "1"), alloc(people[1]!, "1")] });
      expectProblem(res, 409, "allocation_to_non_member");
      expect(await capTable(code)).toEqual(before);
    });

    it("refuses shares to a member of another collective with 409 allocation_to_non_member", async () => {
      const { code } = await collectiveWithMembers(0);
      const elsewhere = await member(world, VILLAGE.code, nextPerson++);
      expectProblem(await issue(code, { resolutionRef: "决议", allocations: [alloc(elsewhere.id, "1")] }), 409, "allocation_to_non_member");
    });

    it("refuses an unknown person id with 409 allocation_to_non_member", async () => {
      const { code } = await collectiveWithMembers(0);
      expectProblem(await issue(code, { resolutionRef: "决议", allocations: [alloc("prs_nobody", "1")] }), 409, "allocation_to_non_member");
    });

    it("refuses a holder over the cap set at registration with 409 holding_cap_exceeded, and writes nothing", async () => {
      const { code, people } = await collectiveWithMembers(2, { equityHoldingCapPercent: "50" });
      const before = await capTable(code);
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "50.0001"), alloc(people[1]!, "49.9999")] });
      expectProblem(res, 409, "holding_cap_exceeded");
      expect(res.body.detail).toContain(people[0]);
      expect(await capTable(code)).toEqual(before);
    });

    it("refuses a holder over a cap the collective's rules put in force later with 409 holding_cap_exceeded", async () => {
      const { code, people } = await collectiveWithMembers(2);
      const [p1, p2] = people as [string, string];
      expect((await issue(code, { resolutionRef: "决议1", allocations: [alloc(p1, "10"), alloc(p2, "10")] })).status).toBe(201);
      await recordResolution(world, code, ["rules-change"], { ref: "章程修正案" });
      const ruled = await world.request("PUT", `/v1/collectives/${code}/rules`, {
        body: { rules: { equityHoldingCapPercent: "50" }, resolutionRef: "章程修正案", effectiveOn: TODAY },
      });
      expect(ruled.status, ruled.text).toBe(200);
      // 11 of 21 shares is 52.38 % > 50 %.
      expectProblem(await issue(code, { resolutionRef: "决议2", allocations: [alloc(p1, "1")] }), 409, "holding_cap_exceeded");
      // Diluting the others keeps everyone within the cap.
      const ok = await issue(code, { resolutionRef: "决议3", allocations: [alloc(p1, "1"), alloc(p2, "1")] });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.body.totalShares).toBe("22");
    });

    it("ignores a cap that comes into force after today", async () => {
      const { code, people } = await collectiveWithMembers(1);
      await recordResolution(world, code, ["rules-change"], { ref: "章程修正案" });
      await world.request("PUT", `/v1/collectives/${code}/rules`, {
        body: { rules: { equityHoldingCapPercent: "3" }, resolutionRef: "章程修正案", effectiveOn: "2099-01-01" },
      });
      expect((await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "10")] })).status).toBe(201);
    });

    it("refuses the same person twice in one share class with 422 allocations_duplicate_person", async () => {
      const { code, people } = await collectiveWithMembers(1);
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "1"), alloc(people[0]!, "2")] });
      expectProblem(res, 422, "allocations_duplicate_person");
      expect(await capTable(code)).toMatchObject({ totalShares: "0", holdings: [] });
    });

    it.each([
      ["an allocation of \"0\"", { allocations: [{ shares: "0" }] }],
      ["an allocation of \"0.0000\"", { allocations: [{ shares: "0.0000" }] }],
      ["no allocation and no collective shares", { allocations: [] }],
      ["no allocation and \"0\" collective shares", { allocations: [], collectiveShares: "0" }],
    ])("refuses %s with 422 shares_must_be_positive", async (_name, shape) => {
      const { code, people } = await collectiveWithMembers(1);
      const allocations = shape.allocations.map((a) => alloc(people[0]!, a.shares));
      const res = await issue(code, { resolutionRef: "决议", ...shape, allocations });
      expectProblem(res, 422, "shares_must_be_positive");
    });

    it("names a zero allocation before a non-member (422 before 409)", async () => {
      const { code } = await collectiveWithMembers(0);
      expectProblem(await issue(code, { resolutionRef: "决议", allocations: [alloc("prs_nobody", "0")] }), 422, "shares_must_be_positive");
    });

    it.each([
      ["shares as a JSON number", { shares: 12.5 }, "#/allocations/0/shares"],
      ["more than 4 decimal places", { shares: "0.00001" }, "#/allocations/0/shares"],
      ["a negative string", { shares: "-1" }, "#/allocations/0/shares"],
      ["an exponent", { shares: "1e3" }, "#/allocations/0/shares"],
      ["more than 1,000,000,000 shares", { shares: "1000000000.0001" }, "#/allocations/0/shares"],
      ["an unknown share class", { shareClass: "preferred" }, "#/allocations/0/shareClass"],
      ["an unknown field in an allocation", { votes: 1 }, "#/allocations/0/votes"],
    ])("refuses %s with 400 validation_failed pointing at the field", async (_name, change, pointer) => {
      const { code, people } = await collectiveWithMembers(1);
      const res = await issue(code, { resolutionRef: "决议", allocations: [{ ...alloc(people[0]!, "1"), ...change }] });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });

    it("refuses collective shares as a JSON number with 400 #/collectiveShares", async () => {
      const { code } = await collectiveWithMembers(0);
      const res = await issue(code, { resolutionRef: "决议", allocations: [], collectiveShares: 100 });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/collectiveShares" }));
    });

    it("accepts exactly 1,000,000,000 shares and keeps every balance exact", async () => {
      const { code, people } = await collectiveWithMembers(1);
      const res = await issue(code, { resolutionRef: "决议", allocations: [alloc(people[0]!, "999999999.9999")], collectiveShares: "1000000000" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ totalShares: "1999999999.9999", collectiveShares: "1000000000" });
      expect(res.body.holdings[0].shares).toBe("999999999.9999");
    });

    it("refuses an issuance that would take the shares issued over the registry's limit with 409, and the cap table stays readable", async () => {
      const { code, people } = await collectiveWithMembers(50);
      const big = { resolutionRef: "决议", allocations: people.flatMap((p) => [alloc(p, "1000000000", "population"), alloc(p, "1000000000", "seniority")]) };
      // 50 × 2 × 10^9 = 10^11 shares: exactly the limit.
      expect((await issue(code, big)).status).toBe(201);
      const res = await issue(code, { resolutionRef: "决议", allocations: [], collectiveShares: "0.0001" });
      expectProblem(res, 409, "shares_issued_exceed_limit");
      const table = await world.request("GET", `/v1/collectives/${code}/equity`);
      expect(table.status, table.text).toBe(200);
      expect(table.body.totalShares).toBe("100000000000");
    });

    it("refuses an unknown collective with 404 collective_not_found", async () => {
      expectProblem(await issue("N2371083MA0QW73T00", { resolutionRef: "决议", allocations: [] }), 404, "collective_not_found");
    });
  });

  let securityCollective: { code: string; people: string[] };
  beforeAll(async () => {
    securityCollective = await collectiveWithMembers(1);
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${securityCollective.code}/equity/issuances`,
    body: () => ({ resolutionRef: "决议", allocations: [alloc(securityCollective.people[0]!, "1")] }),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder of a member", token: await createToken(world, { role: "holder", personId: securityCollective.people[0]! }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/equity", () => {
  let code: string;
  let holderId: string;
  beforeAll(async () => {
    const c = await collectiveWithMembers(1);
    code = c.code;
    holderId = c.people[0]!;
    await issue(code, { resolutionRef: "决议", allocations: [alloc(holderId, "7")], collectiveShares: "3" });
  });

  it("answers the cap table to the collective's registrar", async () => {
    const token = await createToken(world, { role: "registrar", collectiveCode: code });
    const res = await world.request("GET", `/v1/collectives/${code}/equity`, { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ collectiveCode: code, totalShares: "10", collectiveShares: "3", collectivePercent: "30.0000" });
    expect(res.body.holdings).toEqual([expect.objectContaining({ personId: holderId, shares: "7", percent: "70.0000" })]);
  });

  it("answers a bureau whose prefix covers the collective", async () => {
    const token = await createToken(world, { role: "bureau", regionPrefix: "3710" });
    const res = await world.request("GET", `/v1/collectives/${code}/equity`, { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.totalShares).toBe("10");
  });

  it("answers an empty cap table for a collective without shares", async () => {
    const res = await world.request("GET", `/v1/collectives/${GROUP.code}/equity`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ collectiveCode: GROUP.code, totalShares: "0", collectiveShares: "0", collectivePercent: "0.0000", holdings: [] });
  });

  it("refuses an unknown collective with 404 collective_not_found", async () => {
    expectProblem(await world.request("GET", "/v1/collectives/N2371083MA0QW73T00/equity"), 404, "collective_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/collectives/${code}/equity`,
    refused: async () => [
      { name: "holder of a shareholder", token: await createToken(world, { role: "holder", personId: holderId }), status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
      { name: "bureau outside its prefix", token: await createToken(world, { role: "bureau", regionPrefix: "370114" }), status: 404, code: "collective_not_found" },
    ],
  });
});
