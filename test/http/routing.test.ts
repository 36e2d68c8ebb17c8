import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKeyring } from "../support/keys.js";
import { createApp } from "../../src/app.js";
import { rebuildPersonIndex } from "../../src/commands/persons/rebuild-index.js";
import { createIdFactory } from "../../src/lib/ids.js";
import type { Db } from "../../src/storage/db.js";
import { Router } from "../../src/storage/router.js";
import { contractorCode, expectProblem, idNumber, plotCode, recordResolution, unitNumber, VILLAGE } from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * One database per county (issue 4): every request goes to its county's database by the identifier alone; what
 * is global (tokens, the person index) stays in the directory; the few queries that span counties fan out and say
 * so when a county does not answer. Runs on Node (libSQL files) and in workerd (D1 databases) alike.
 */
const JINAN = {
  code: "N2370102MA3KJN015P", // synthetic village-level collective in 历下区 (370102)
  name: "济南市历下区某村股份经济合作社",
  level: "village" as const,
  regionCode: "370102101201",
  issuerCode: "37010210120100",
};

let world: World;
let person: { id: string };

async function count(db: Db | { execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> }, table: string, where = "1 = 1"): Promise<number> {
  const rs = await (db as { execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> }).execute(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number(rs.rows[0]!.n);
}

beforeAll(async () => {
  world = await createWorld(undefined, { counties: ["370102", "371083"] });
  for (const collective of [VILLAGE, JINAN]) {
    const res = await world.request("POST", "/v1/collectives", { body: { ...collective, rules: { noticeDays: 0 } } });
    expect(res.status, res.text).toBe(201);
  }
  const registered = await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(1), name: "孙秀英", regionCode: VILLAGE.regionCode } });
  expect(registered.status, registered.text).toBe(201);
  person = registered.body;
});
afterAll(() => world.close());

describe("routing by county", () => {
  it("keeps each collective in its county's database, and none in the directory", async () => {
    expect(await count(world.counties["371083"]!.client, "collectives")).toBe(1);
    expect(await count(world.counties["370102"]!.client, "collectives")).toBe(1);
    expect(await count(world.tdb.client, "collectives")).toBe(0);
    expect((await world.request("GET", `/v1/collectives/${JINAN.code}`)).body.regionCode).toBe(JINAN.regionCode);
  });

  it("refuses a collective whose credit code names another county than its region with 422 credit_code_outside_region", async () => {
    const res = await world.request("POST", "/v1/collectives", { body: { ...JINAN, regionCode: "371083108202", issuerCode: "37108310820200" } });
    expectProblem(res, 422, "credit_code_outside_region");
  });

  it("gives a person an id that carries the county, and refuses a person without a county with 422 region_code_required", async () => {
    expect(person.id).toMatch(/^prs_371083_/);
    expectProblem(await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(2), name: "于海涛" } }), 422, "region_code_required");
    expect(await count(world.counties["371083"]!.client, "persons")).toBe(1);
    expect(await count(world.tdb.client, "persons")).toBe(0);
  });

  it("keeps tokens and the person index in the directory, never the ID number itself", async () => {
    expect(await count(world.tdb.client, "tokens")).toBeGreaterThan(0);
    expect(await count(world.counties["371083"]!.client, "tokens")).toBe(0);
    const index = await world.tdb.client.execute("SELECT document_hash, county, person_id FROM person_index");
    expect(index.rows.map((r) => [r.county, r.person_id])).toEqual([["371083", person.id]]);
    expect(JSON.stringify(index.rows)).not.toContain(idNumber(1));
  });

  it("routes households, plots, contracts, homesteads and transfers of each county to its database", async () => {
    const admit = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: person.id, joinedOn: "2020-01-01", basis: "original" } });
    expect(admit.status, admit.text).toBe(201);
    const contractor = contractorCode(VILLAGE.issuerCode, 1);
    expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/households`, { body: { contractorCode: contractor, representativeId: person.id, members: [{ personId: person.id, relation: "head", coHolder: true }] } })).status).toBe(201);
    const plot = plotCode(VILLAGE.issuerCode, 1);
    expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, { body: { plotCode: plot, areaMu: "1.50", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } } })).status).toBe(201);
    expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, { body: { contractCode: `${contractor}J`, contractorCode: contractor, plotCodes: [plot], startsOn: "1998-10-01", endsOn: "2028-09-30" } })).status).toBe(201);
    const unit = unitNumber(VILLAGE.regionCode, 1);
    expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, { body: { unitNumber: unit, contractorCode: contractor, areaM2: "150.00", approvedOn: "2000-01-01", origin: "grant" } })).status).toBe(201);
    expect((await world.request("GET", `/v1/plots/${plot}`)).body.holder.contractorCode).toBe(contractor);
    expect((await world.request("GET", `/v1/households/${contractor}`)).status).toBe(200);
    expect((await world.request("GET", `/v1/land-contracts/${contractor}J`)).status).toBe(200);
    expect((await world.request("GET", `/v1/homesteads/${unit}`)).status).toBe(200);
    for (const table of ["households", "plots", "land_contracts", "homesteads", "memberships"]) {
      expect(await count(world.counties["371083"]!.client, table), table).toBe(1);
      expect(await count(world.counties["370102"]!.client, table), table).toBe(0);
    }
    await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "决议" });
    const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, { body: { resolutionRef: "决议", allocations: [{ personId: person.id, shareClass: "population", shares: "10" }] } });
    expect(issued.status, issued.text).toBe(201);
    const withdrawal = await world.request("POST", "/v1/withdrawals", { body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: person.id }, shares: "2", compensation: "100.00", agreementSignedOn: "2026-11-20" } });
    expect(withdrawal.status, withdrawal.text).toBe(201);
    expect(withdrawal.body.id).toMatch(/^wdr_371083_/);
    expect((await world.request("GET", `/v1/withdrawals/${withdrawal.body.id}`)).body.status).toBe("in-notice");
    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}`);
    expect(journal.body.events.map((e: { type: string }) => e.type)).toContain("withdrawal.applied");
  });

  it("copies a person of one county into another county that admits them, and answers their rights from both", async () => {
    await recordResolution(world, JINAN.code, ["member-confirmation"], { ref: "济南某村成员大会决议〔2021〕1号" });
    const admit = await world.request("POST", `/v1/collectives/${JINAN.code}/members`, { body: { personId: person.id, joinedOn: "2021-01-01", basis: "marriage", resolutionRef: "济南某村成员大会决议〔2021〕1号" } });
    expect(admit.status, admit.text).toBe(201);
    expect(await count(world.counties["370102"]!.client, "persons")).toBe(1);
    const index = await world.tdb.client.execute("SELECT county FROM person_index ORDER BY county");
    expect(index.rows.map((r) => r.county)).toEqual(["370102", "371083"]);
    const rights = await world.request("GET", `/v1/persons/${person.id}/rights`);
    expect(rights.status, rights.text).toBe(200);
    expect(rights.body.memberships.map((m: { collectiveCode: string }) => m.collectiveCode).sort()).toEqual([JINAN.code, VILLAGE.code].sort());
    expect(rights.body).toMatchObject({ partial: false, unavailable: [] });
    const found = await world.request("POST", "/v1/persons/lookup", { body: { idNumber: idNumber(1) } });
    expect(found.body.id).toBe(person.id);
    const again = await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(1), name: "孙秀英", regionCode: JINAN.regionCode } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(person.id);
  });

  it("rebuilds the directory's person index from the county databases (it is a cache, never the record)", async () => {
    const before = (await world.tdb.client.execute("SELECT document_hash, county, person_id FROM person_index ORDER BY county")).rows.map((r) => ({ ...r }));
    await world.tdb.client.execute("DELETE FROM person_index");
    const ctx = { deps: { db: world.tdb.db, router: world.router, idKey: world.idKey, clock: world.clock, ids: createIdFactory(), keyring: await testKeyring() }, actor: { tokenId: "test", role: "admin" as const, collectiveCode: null, regionPrefix: null, personId: null } };
    expect(await rebuildPersonIndex(ctx)).toEqual({ indexed: 2 });
    const after = (await world.tdb.client.execute("SELECT document_hash, county, person_id FROM person_index ORDER BY county")).rows.map((r) => ({ ...r }));
    expect(after).toEqual(before);
  });

  it("lists collectives across counties by prefix, and a bureau sees only its own county", async () => {
    const all = await world.request("GET", "/v1/collectives?regionPrefix=37");
    expect(all.body.collectives.map((c: { code: string }) => c.code)).toEqual([JINAN.code, VILLAGE.code].sort());
    expect(all.body).toMatchObject({ partial: false, unavailable: [] });
    const bureau = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix: "370102" } });
    const mine = await world.request("GET", "/v1/collectives", { token: bureau.body.token });
    expect(mine.body.collectives.map((c: { code: string }) => c.code)).toEqual([JINAN.code]);
  });

  it("searches titles in the bureau's county database only, keeps titles in the county and the access log in the directory", async () => {
    const purpose = "不动产登记审核";
    const here = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix: "371083" } });
    const there = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix: "370102" } });
    const found = await world.request("POST", "/v1/titles/search", { token: here.body.token, body: { idNumber: idNumber(1), purpose } });
    expect(found.status, found.text).toBe(200);
    expect(found.body.results.map((r: { kind: string }) => r.kind).sort()).toEqual(["equity", "homestead", "plot"]);
    expect((await world.request("POST", "/v1/titles/search", { token: there.body.token, body: { idNumber: idNumber(1), purpose } })).body.results).toEqual([]);
    const plot = plotCode(VILLAGE.issuerCode, 1);
    expect((await world.request("GET", `/v1/plots/${plot}/history`)).body.versions).toHaveLength(1);
    expect(await count(world.counties["371083"]!.client, "title_versions")).toBeGreaterThan(0);
    expect(await count(world.tdb.client, "title_versions")).toBe(0);
    expect(await count(world.counties["371083"]!.client, "certificates")).toBeGreaterThan(0);
    expect(await count(world.tdb.client, "access_log")).toBe(2);
    expect(await count(world.counties["371083"]!.client, "access_log")).toBe(0);
  });

  it("answers with partial: true, never a 500, when a county's database does not answer", async () => {
    const down = new Proxy({}, {
      get() {
        throw new Error("county database unreachable");
      },
    }) as Db;
    const app = createApp({
      db: world.tdb.db,
      router: new Router(world.tdb.db, [
        { prefix: "370102", name: "370102", db: down },
        { prefix: "371083", name: "371083", db: world.counties["371083"]!.db },
      ]),
      idKey: world.idKey,
      clock: world.clock,
      ids: createIdFactory(() => world.clock.nowMs()),
      keyring: await testKeyring(),
    });
    const list = await world.requestOn(app, "GET", "/v1/collectives?regionPrefix=37");
    expect(list.status, list.text).toBe(200);
    expect(list.body).toMatchObject({ partial: true, unavailable: ["370102"] });
    expect(list.body.collectives.map((c: { code: string }) => c.code)).toEqual([VILLAGE.code]);
    const rights = await world.requestOn(app, "GET", `/v1/persons/${person.id}/rights`);
    expect(rights.status, rights.text).toBe(200);
    expect(rights.body).toMatchObject({ partial: true, unavailable: ["370102"] });
    expect(rights.body.memberships.map((m: { collectiveCode: string }) => m.collectiveCode)).toEqual([VILLAGE.code]);
    const found = await world.requestOn(app, "POST", "/v1/persons/lookup", { body: { idNumber: idNumber(1) } });
    expect(found.status, found.text).toBe(200);
    const inDownCounty = await world.requestOn(app, "GET", `/v1/collectives/${JINAN.code}`);
    expect(inDownCounty.status).not.toBe(200);
    expect(inDownCounty.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
