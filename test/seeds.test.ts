import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKeyring } from "./support/keys.js";
import type { CommandContext } from "../src/commands/context.js";
import { Router } from "../src/storage/router.js";
import { getCapTable } from "../src/commands/equity/get-cap-table.js";
import { getHomestead } from "../src/commands/homesteads/get-homestead.js";
import { getHousehold } from "../src/commands/households/get-household.js";
import { getPlot } from "../src/commands/land/read-land.js";
import { listMembers } from "../src/commands/members/list-members.js";
import { listResolutions } from "../src/commands/resolutions/list.js";
import { getPersonRights } from "../src/commands/persons/get-rights.js";
import { listHouseholdRegistrations, lookupPerson } from "../src/commands/persons/read-persons.js";
import { fixedClock } from "../src/lib/clock.js";
import { createIdFactory } from "../src/lib/ids.js";
import { seedDatabaseUrl } from "../seeds/dev.js";
import { DEMO_COLLECTIVE, seedDemoVillage, type SeedSummary } from "../seeds/demo-village.js";
import { createTestDb, type TestDb } from "./support/test-db.js";
import { NOW_MS } from "./support/world.js";

let tdb: TestDb;
let ctx: CommandContext;
let first: SeedSummary;

async function rowCounts() {
  const tables = ["journal", "resolutions", "persons", "household_registrations", "memberships", "households", "plots", "land_contracts", "homesteads", "equity_entries"];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await tdb.client.execute(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}

describe("seedDemoVillage", () => {
  beforeAll(async () => {
    tdb = await createTestDb();
    const clock = fixedClock(NOW_MS);
    ctx = {
      deps: { db: tdb.db, router: new Router(tdb.db), clock, ids: createIdFactory(() => clock.nowMs()), keyring: await testKeyring() },
      actor: { tokenId: "seed", role: "admin", collectiveCode: null, regionPrefix: null, personId: null },
    };
    first = await seedDemoVillage(ctx);
  });
  afterAll(() => tdb?.close());

  describe("loads the demo village", () => {
    it("registers the collective with its charter rules and a realistic register", async () => {
      expect(first.collective.code).toBe(DEMO_COLLECTIVE.code);
      expect(first.created.collective).toBe(true);
      expect(first.counts.members).toBeGreaterThanOrEqual(35);
      expect(first.counts.households).toBeGreaterThanOrEqual(10);
      expect(first.counts.landContracts).toBe(first.counts.households);
      expect(first.counts.plots).toBeGreaterThanOrEqual(25);
      expect(first.counts.homesteads).toBeGreaterThanOrEqual(10);
      const members = await listMembers(ctx, DEMO_COLLECTIVE.code, "active");
      expect(members).toHaveLength(first.counts.members);
      expect(new Set(members.map((m) => m.basis))).toEqual(new Set(["original", "birth", "marriage"]));
    });

    it("records the general meetings behind the admissions and the issuance, each passed, and every non-original member refers to one", async () => {
      const { resolutions } = await listResolutions(ctx, DEMO_COLLECTIVE.code);
      expect(resolutions).toHaveLength(first.counts.resolutions);
      expect(resolutions.every((r) => r.passed && r.body === "general-meeting")).toBe(true);
      const refs = new Set(resolutions.map((r) => r.ref));
      for (const m of await listMembers(ctx, DEMO_COLLECTIVE.code, "active")) if (m.basis !== "original") expect(refs).toContain(m.resolutionRef);
    });

    it("issues 10 population shares per member, seniority shares and 100 collective shares, within the 5% cap", async () => {
      const table = await getCapTable(ctx, DEMO_COLLECTIVE.code);
      expect(table.totalShares).toBe(first.counts.totalShares);
      expect(table.collectiveShares).toBe("100");
      expect(Number(table.totalShares)).toBeGreaterThan(10 * first.counts.members + 100);
      expect(table.holdings).toHaveLength(first.counts.members);
      for (const h of table.holdings) {
        expect(Number(h.shares)).toBeGreaterThanOrEqual(10);
        expect(Number(h.percent)).toBeLessThanOrEqual(5);
      }
    });

    it("gives each household one J contract 1998-10-01 → 2028-09-30 over 2–3 plots", async () => {
      const household = await getHousehold(ctx, first.examples.contractorCode);
      expect(household.landContracts).toEqual([first.examples.contractCode]);
      expect(household.homesteads).toEqual([first.examples.unitNumber]);
      expect(household.members.map((m) => m.relationCode)).toContain("22");
      const plot = await getPlot(ctx, first.examples.plotCode);
      expect(plot.currentContract).toMatchObject({ contractCode: first.examples.contractCode, mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30" });
      expect(plot.geometry).toMatchObject({ type: "Polygon" });
    });

    it("leaves the reserved plots (机动地) under no contract", async () => {
      const plot = await getPlot(ctx, first.examples.reservedPlotCode);
      expect(plot).toMatchObject({ category: "reserved", currentContract: null, holder: null });
    });

    it("registers the legacy 230 m² homestead over the 200 m² cap with its over-area annotation", async () => {
      const homestead = await getHomestead(ctx, first.examples.overAreaUnitNumber);
      expect(homestead).toMatchObject({ origin: "existing", areaM2: "230.00", maxAreaM2: "200.00" });
      expect(homestead.annotations.map((a) => a.code)).toContain("over-area");
    });

    it("keeps every right of a member whose hukou moved to a city", async () => {
      const cityDweller = first.examples.persons.find((p) => p.urbanHukou !== null);
      expect(cityDweller?.urbanHukou?.regionCode).toMatch(/^3702|^3701/);
      const history = await listHouseholdRegistrations(ctx, cityDweller!.personId);
      expect(history.at(-1)).toMatchObject({ kind: "urban", regionCode: cityDweller!.urbanHukou!.regionCode });

      const rights = await getPersonRights(ctx, cityDweller!.personId);
      expect(rights.memberships).toEqual([expect.objectContaining({ collectiveCode: DEMO_COLLECTIVE.code, status: "active" })]);
      expect(rights.households).toEqual([expect.objectContaining({ coHolder: true })]);
      expect(rights.landContracts).toEqual([expect.objectContaining({ status: "active", mode: "household" })]);
      expect(rights.landContracts[0]!.plotCount).toBeGreaterThanOrEqual(2);
      expect(rights.homesteads).toHaveLength(1);
      expect(rights.equity).toEqual([expect.objectContaining({ collectiveCode: DEMO_COLLECTIVE.code })]);
      expect(Number(rights.equity[0]!.shares)).toBeGreaterThan(10);
    });

    it("prints example persons that can be found by their ID number", async () => {
      expect(first.examples.persons).toHaveLength(3);
      for (const example of first.examples.persons) {
        const person = await lookupPerson(ctx, { idNumber: example.idNumber });
        expect(person).toMatchObject({ id: example.personId, name: example.name });
      }
    });
  });

  describe("run again", () => {
    it("changes nothing and answers the same summary", async () => {
      const before = await rowCounts();
      const second = await seedDemoVillage(ctx);
      expect(await rowCounts()).toEqual(before);
      expect(second.counts).toEqual(first.counts);
      expect(second.examples).toEqual(first.examples);
      expect(second.created).toEqual({
        collective: false,
        persons: 0,
        resolutions: 0,
        householdRegistrations: 0,
        members: 0,
        households: 0,
        plots: 0,
        landContracts: 0,
        homesteads: 0,
        shareIssuance: false,
      });
      expect(second.notes.join("\n")).toMatch(/already/);
    });
  });
});

describe("seedDatabaseUrl (the guard of npm run seed)", () => {
  it("accepts a local file: database, by default file:data/registry.db", () => {
    expect(seedDatabaseUrl({})).toMatchObject({ ok: true, config: { DATABASE_URL: "file:data/registry.db" } });
    expect(seedDatabaseUrl({ DATABASE_URL: "file:/tmp/seedtest/registry.db" })).toMatchObject({ ok: true });
  });

  it.each([
    ["a libsql:// server", "libsql://registry-prod.turso.io", "registry-prod"],
    ["an https:// server with credentials", "https://clerk:s3cret@registry.nongye.cn/db", "s3cret"],
    ["a wss:// server", "wss://registry.nongye.cn", "nongye"],
  ])("refuses %s, naming only the scheme", (_name, url, hidden) => {
    const guard = seedDatabaseUrl({ DATABASE_URL: url });
    expect(guard).toMatchObject({ ok: false, message: expect.stringMatching(/must be a local file: database/) });
    expect(guard.ok ? "" : guard.message).not.toContain(hidden);
  });

  it("refuses a DATABASE_URL the configuration does not accept", () => {
    expect(seedDatabaseUrl({ DATABASE_URL: "postgres://localhost/registry" })).toMatchObject({ ok: false, message: expect.stringMatching(/DATABASE_URL/) });
  });
});
