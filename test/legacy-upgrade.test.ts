import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealJournal } from "../src/storage/seal.js";
import { contractorCode, member, recordResolution, registerCollective, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "./support/fixtures.js";
import { createWorld, type World } from "./support/world.js";

/**
 * A database written before migrations 0007/0008 has journal rows without hashes and rights without title
 * versions. The migration backfills the versions from the current state; the start seals the journal. Both are
 * simulated here on a register built through the API, by undoing what 0007/0008 added and redoing it.
 */
const MIGRATION = readFileSync(new URL("../schema/migrations/0008_title_and_chain_triggers.sql", import.meta.url), "utf8").split("--> statement-breakpoint");
const statement = (starts: string) => MIGRATION.map((s) => s.trim()).filter((s) => s.startsWith(starts) || s.includes(`\n${starts}`));

let world: World;
const household1 = contractorCode(VILLAGE.issuerCode, 1);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  const head = await member(world, VILLAGE.code, 1);
  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }]);
  await registerPlot(world, VILLAGE, 1);
  await registerPlot(world, VILLAGE, 2);
  await registerContract(world, VILLAGE, 1, [1, 2]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unitNumber(VILLAGE.regionCode, 1), contractorCode: household1, areaM2: "150.00", approvedOn: "2020-04-01", origin: "grant" },
  });
  expect(homestead.status, homestead.text).toBe(201);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "折股量化决议" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "折股量化决议", allocations: [{ personId: head.id, shareClass: "population", shares: "10" }], collectiveShares: "5" },
  });
  expect(issued.status, issued.text).toBe(201);
});
afterAll(() => world.close());

const hashes = async () => (await world.tdb.client.execute("SELECT seq, prev_hash, hash FROM journal ORDER BY seq")).rows.map((r) => [r.seq, r.prev_hash, r.hash]);

describe("upgrading a register written before titles and the hash chain", () => {
  it("seals legacy journal rows with exactly the chain the service writes, after which new rows link on", async () => {
    const written = await hashes();
    expect(written.length).toBeGreaterThan(5);
    const { client } = world.tdb;
    await client.execute("DROP TRIGGER journal_no_update");
    await client.execute("UPDATE journal SET prev_hash = NULL, hash = NULL");
    for (const sql of statement("CREATE TRIGGER journal_no_update")) await client.execute(sql);
    // Until sealed, no row can join an unsealed stream.
    expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, { body: { plotCode: `${VILLAGE.issuerCode}00003`, areaMu: "1", landUse: "cropping", boundaries: { east: "a", south: "b", west: "c", north: "d" } } })).status).toBe(500);

    expect(await sealJournal(world.tdb.db)).toBe(written.length);
    expect(await hashes()).toEqual(written);
    expect(await sealJournal(world.tdb.db)).toBe(0);
    const streamHead = async () =>
      (await world.tdb.client.execute({ sql: "SELECT prev_hash, hash FROM journal WHERE stream = ? ORDER BY stream_seq DESC LIMIT 1", args: [VILLAGE.code] })).rows[0]!;
    const sealedHead = await streamHead();
    await registerPlot(world, VILLAGE, 3);
    expect((await streamHead()).prev_hash).toBe(sealedHead.hash);
  });

  it("refuses, once sealed, any other change to a journal row", async () => {
    const error = await world.tdb.client.execute("UPDATE journal SET hash = NULL WHERE seq = 1").then(() => null, (e: Error) => e);
    expect(error?.message).toContain("journal_is_append_only");
  });

  it("backfills title versions of the current rights from the register itself", async () => {
    const { client } = world.tdb;
    const current = async () =>
      (await client.execute("SELECT kind, subject, holder_kind, holder, contract_code, shares_e4, valid_from FROM title_versions WHERE recorded_to_ms IS NULL ORDER BY kind, subject")).rows.map((r) => ({ ...r }));
    const written = await current();
    await client.execute("DROP TRIGGER title_versions_no_delete");
    await client.execute("DELETE FROM title_versions");
    for (const sql of statement("INSERT INTO title_versions")) await client.execute(sql);
    for (const sql of statement("CREATE TRIGGER title_versions_no_delete")) await client.execute(sql);
    // Same holders, holdings and valid-from dates as the registrations wrote (equity: the day of the issuance, CST).
    expect(await current()).toEqual(written);
    const legacy = await client.execute("SELECT COUNT(*) AS n FROM title_versions WHERE journal_seq = 0 AND act = 'first-registration' AND id LIKE 'ttl_legacy_%'");
    expect(Number(legacy.rows[0]!.n)).toBe(written.length);
  });
});
