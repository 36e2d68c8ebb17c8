import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  member,
  plotCode,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The registry's central promise (domain.md §2.6): hukou is evidence only. Moving one's hukou to a city changes no
 * membership and no right — not the land contract, not the homestead, not the shares (RCEO Law Arts. 17–18,
 * RLCL Art. 27, LAL Implementing Regulations Art. 36).
 */
let world: World;
let farmer: { id: string }; // member of VILLAGE (household, contract, homestead, shares) and of GROUP (shares)
let spouse: { id: string }; // member of VILLAGE, co-holder in the farmer's household
let neighbour: { id: string }; // member of GROUP only
const household = contractorCode(VILLAGE.issuerCode, 1);
const homestead = unitNumber(VILLAGE.regionCode, 15);

async function ok(method: string, path: string, body?: unknown, token?: string) {
  const res = await world.request(method, path, { body, token });
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

const rightsOf = (personId: string, token?: string) => world.request("GET", `/v1/persons/${personId}/rights`, { token });

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP);
  farmer = await member(world, VILLAGE.code, 1, "王建国");
  spouse = await member(world, VILLAGE.code, 2, "孙秀英");
  neighbour = await member(world, GROUP.code, 3, "李四");
  await recordResolution(world, GROUP.code, ["member-confirmation", "equity-issuance"], { ref: "第一村民小组成员大会决议〔2023〕1号" });
  await ok("POST", `/v1/collectives/${GROUP.code}/members`, { personId: farmer.id, joinedOn: "2022-04-01", basis: "other", resolutionRef: "第一村民小组成员大会决议〔2023〕1号" });

  await registerHousehold(world, VILLAGE, 1, [{ personId: farmer.id }, { personId: spouse.id }]);
  await registerPlot(world, VILLAGE, 1, "1.50");
  await registerPlot(world, VILLAGE, 2, "2.35");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await ok("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    unitNumber: homestead,
    contractorCode: household,
    areaM2: "180.50",
    approvedOn: "2010-05-01",
    origin: "grant",
    approvalRef: "乳宅批〔2010〕015号",
  });
  // One allocation per collective: see the report on issuances with several entries (holding_must_match_ledger).
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "午极村成员大会决议〔2020〕2号（折股量化方案）" });
  await ok("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    resolutionRef: "午极村成员大会决议〔2020〕2号（折股量化方案）",
    allocations: [{ personId: farmer.id, shareClass: "population", shares: "12.5" }],
  });
  await ok("POST", `/v1/collectives/${GROUP.code}/equity/issuances`, {
    resolutionRef: "第一村民小组成员大会决议〔2023〕1号",
    allocations: [{ personId: farmer.id, shareClass: "population", shares: "3" }],
  });
});
afterAll(() => world.close());

/** Every row of every table but the hukou history and the journal, to show a hukou fact touches nothing else. */
async function registerSnapshot() {
  const tables = await world.tdb.client.execute(
    "SELECT name, sql LIKE '%WITHOUT ROWID%' AS keyed FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '_cf_' AND name <> 'd1_migrations' AND name NOT LIKE '%drizzle%' AND name NOT IN ('household_registrations', 'journal') ORDER BY name",
  );
  const snapshot: Record<string, unknown[]> = {};
  for (const { name, keyed } of tables.rows) {
    // A WITHOUT ROWID table (import_records) has no rowid: its primary key orders it.
    const rows = await world.tdb.client.execute(`SELECT * FROM "${String(name)}" ORDER BY ${Number(keyed) ? "1, 2" : "rowid"}`);
    snapshot[String(name)] = rows.rows.map((r) => ({ ...r }));
  }
  return snapshot;
}

describe("GET /v1/persons/{personId}/rights", () => {
  describe("accepts", () => {
    it("answers a member's memberships, household, contract with both plots, homestead and shares", async () => {
      const res = await rightsOf(farmer.id);
      expect(res.status, res.text).toBe(200);
      const body = res.body;
      expect(body).toMatchObject({ personId: farmer.id, name: "王建国" });
      expect(body.memberships.map((m: { collectiveCode: string; status: string }) => [m.collectiveCode, m.status]).sort()).toEqual(
        [
          [GROUP.code, "active"],
          [VILLAGE.code, "active"],
        ].sort(),
      );
      expect(body.households).toEqual([{ contractorCode: household, collectiveCode: VILLAGE.code, relation: "head", relationCode: "02", coHolder: true }]);
      expect(body.landContracts).toHaveLength(1);
      expect(body.landContracts[0]).toMatchObject({ contractCode: household + "J", contractorCode: household });
      expect(body.landContracts[0].plots.map((p: { plotCode: string }) => p.plotCode).sort()).toEqual([plotCode(VILLAGE.issuerCode, 1), plotCode(VILLAGE.issuerCode, 2)]);
      expect(body.homesteads).toHaveLength(1);
      expect(body.homesteads[0]).toMatchObject({ unitNumber: homestead, contractorCode: household, areaM2: "180.50", status: "active" });
      const equity = Object.fromEntries(body.equity.map((e: { collectiveCode: string }) => [e.collectiveCode, e]));
      expect(equity[VILLAGE.code]).toMatchObject({ shares: "12.5", reservedShares: "0" });
      expect(equity[GROUP.code]).toMatchObject({ shares: "3", reservedShares: "0" });
      expect(Number(equity[VILLAGE.code].percent)).toBe(100);
      expect(Number(equity[GROUP.code].percent)).toBe(100);
    });

    it("lets a holder token of the person read all of their own rights, whoever issued it", async () => {
      const admin = await rightsOf(farmer.id);
      const villageRegistrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
      for (const token of [
        await createToken(world, { role: "holder", personId: farmer.id }),
        await createToken(world, { role: "holder", personId: farmer.id }, villageRegistrar),
      ]) {
        const res = await rightsOf(farmer.id, token);
        expect(res.status, res.text).toBe(200);
        expect(res.body).toEqual(admin.body);
      }
    });

    it("shows a registrar only its own collective's part of the rights", async () => {
      const full = (await rightsOf(farmer.id)).body;
      const only = (code: string) => ({
        ...full,
        memberships: full.memberships.filter((m: { collectiveCode: string }) => m.collectiveCode === code),
        households: full.households.filter((h: { collectiveCode: string }) => h.collectiveCode === code),
        landContracts: full.landContracts.filter((c: { collectiveCode: string }) => c.collectiveCode === code),
        homesteads: full.homesteads.filter((h: { collectiveCode: string }) => h.collectiveCode === code),
        equity: full.equity.filter((e: { collectiveCode: string }) => e.collectiveCode === code),
      });
      const village = await rightsOf(farmer.id, await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }));
      expect(village.status, village.text).toBe(200);
      expect(village.body).toEqual(only(VILLAGE.code));
      expect(village.body.landContracts).toHaveLength(1);
      const group = await rightsOf(farmer.id, await createToken(world, { role: "registrar", collectiveCode: GROUP.code }));
      expect(group.status, group.text).toBe(200);
      expect(group.body).toEqual(only(GROUP.code));
      expect(group.body).toMatchObject({ households: [], landContracts: [], homesteads: [] });
      expect(group.body.equity).toHaveLength(1);
    });

    it("shows a bureau only the part under its region prefix", async () => {
      const rushan = await rightsOf(farmer.id, await createToken(world, { role: "bureau", regionPrefix: "371083" }));
      expect(rushan.status, rushan.text).toBe(200);
      expect(rushan.body.memberships.map((m: { collectiveCode: string }) => m.collectiveCode)).toEqual([VILLAGE.code]);
      expect(rushan.body.landContracts).toHaveLength(1);
      const jinan = await rightsOf(farmer.id, await createToken(world, { role: "bureau", regionPrefix: "3701" }));
      expect(jinan.status, jinan.text).toBe(200);
      expect(jinan.body.equity.map((e: { collectiveCode: string }) => e.collectiveCode)).toEqual([GROUP.code]);
      expect(jinan.body.homesteads).toEqual([]);
    });
  });

  describe("rejects", () => {
    it("answers an unknown person with 404 person_not_found", async () => {
      expectProblem(await rightsOf("prs_00000000000000000000000000"), 404, "person_not_found");
    });

    it("answers a holder token of another person with 404 person_not_found", async () => {
      const spouseToken = await createToken(world, { role: "holder", personId: spouse.id });
      expectProblem(await rightsOf(farmer.id, spouseToken), 404, "person_not_found");
      expect((await rightsOf(spouse.id, spouseToken)).status).toBe(200);
    });

    it("answers a registrar of a collective where the person holds nothing with 404 person_not_found", async () => {
      const groupRegistrar = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
      expectProblem(await rightsOf(spouse.id, groupRegistrar), 404, "person_not_found");
    });

    it("answers a bureau whose prefix covers none of the person's collectives with 404 person_not_found", async () => {
      const yishui = await createToken(world, { role: "bureau", regionPrefix: "371323" });
      expectProblem(await rightsOf(farmer.id, yishui), 404, "person_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/persons/${spouse.id}/rights`,
    refused: async () => [
      { name: "holder of another person", token: await createToken(world, { role: "holder", personId: neighbour.id }), status: 404, code: "person_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "person_not_found" },
      { name: "bureau outside the prefix", token: await createToken(world, { role: "bureau", regionPrefix: "3701" }), status: 404, code: "person_not_found" },
    ],
  });
});

describe("an urban household registration (进城落户) changes no right", () => {
  it("leaves the rights answer, the member roster and the cap tables exactly as they were", async () => {
    const holder = await createToken(world, { role: "holder", personId: farmer.id });
    const before = {
      rights: await rightsOf(farmer.id),
      holderView: await rightsOf(farmer.id, holder),
      roster: await world.request("GET", `/v1/collectives/${VILLAGE.code}/members`),
      groupRoster: await world.request("GET", `/v1/collectives/${GROUP.code}/members`),
      capTable: await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`),
      groupCapTable: await world.request("GET", `/v1/collectives/${GROUP.code}/equity`),
      household: await world.request("GET", `/v1/households/${household}`),
      contract: await world.request("GET", `/v1/land-contracts/${household}J`),
      homestead: await world.request("GET", `/v1/homesteads/${homestead}`),
      register: await registerSnapshot(),
      journalHead: Number((await world.tdb.client.execute("SELECT max(seq) AS head FROM journal")).rows[0]!.head),
    };
    for (const [name, res] of Object.entries(before)) if (typeof res === "object" && "status" in res) expect((res as { status: number }).status, name).toBe(200);
    expect(before.rights.body.landContracts).toHaveLength(1); // the answer compared below is not empty
    expect(before.rights.body.homesteads).toHaveLength(1);
    expect(before.rights.body.equity).toHaveLength(2);

    const moved = await world.request("POST", `/v1/persons/${farmer.id}/household-registrations`, {
      body: { kind: "urban", regionCode: "370102", effectiveOn: "2026-10-15" },
    });
    expect(moved.status, moved.text).toBe(201);
    expect(moved.body).toMatchObject({ personId: farmer.id, kind: "urban", regionCode: "370102", effectiveOn: "2026-10-15" });

    expect((await rightsOf(farmer.id)).body).toEqual(before.rights.body);
    expect((await rightsOf(farmer.id, holder)).body).toEqual(before.holderView.body);
    expect((await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`)).body).toEqual(before.capTable.body);
    expect((await world.request("GET", `/v1/collectives/${GROUP.code}/equity`)).body).toEqual(before.groupCapTable.body);
    expect((await world.request("GET", `/v1/households/${household}`)).body).toEqual(before.household.body);
    expect((await world.request("GET", `/v1/land-contracts/${household}J`)).body).toEqual(before.contract.body);
    expect((await world.request("GET", `/v1/homesteads/${homestead}`)).body).toEqual(before.homestead.body);

    // The roster still lists the farmer as an active member; only the hukou fact shown beside the name is new.
    const urban = { kind: "urban", regionCode: "370102", effectiveOn: "2026-10-15" };
    const withFact = (roster: { members: { person: { id: string }; currentHukou: unknown }[] }) => ({
      members: roster.members.map((m) => (m.person.id === farmer.id ? { ...m, currentHukou: urban } : m)),
    });
    const roster = await world.request("GET", `/v1/collectives/${VILLAGE.code}/members`);
    expect(roster.body).toEqual(withFact(before.roster.body));
    expect(roster.body.members.find((m: { person: { id: string } }) => m.person.id === farmer.id)).toMatchObject({ status: "active", endedOn: null, endReason: null });
    expect((await world.request("GET", `/v1/collectives/${GROUP.code}/members`)).body).toEqual(withFact(before.groupRoster.body));

    // In the database: one hukou row and its journal entry, and not one other row changed.
    expect(await registerSnapshot()).toEqual(before.register);
    const hukou = await world.tdb.client.execute({ sql: "SELECT kind, region_code FROM household_registrations WHERE person_id = ?", args: [farmer.id] });
    expect(hukou.rows.map((r) => [r.kind, r.region_code])).toEqual([["urban", "370102"]]);
    const journal = await world.tdb.client.execute({ sql: "SELECT type, subject, collective_code FROM journal WHERE seq > ?", args: [before.journalHead] });
    expect(journal.rows.map((r) => ({ ...r }))).toEqual([{ type: "person.household_registration_recorded", subject: farmer.id, collective_code: null }]);
  });
});
