/**
 * The county import of NY/T 2539-2016 CSVs (issue 8), against real file-backed libSQL databases: a generated
 * village round-trips into the API, a package with bad rows writes nothing and names each bad row with its rule,
 * a second import changes nothing, a GB18030 package imports exactly as its UTF-8 twin, and a failure while making
 * the package live leaves nothing behind.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCounty } from "../src/commands/imports/import-county.js";
import { folderSource } from "../src/commands/imports/sources.js";
import type { ImportReport } from "../src/commands/imports/types.js";
import { parseResidentId } from "../src/domain/identifiers/index.js";
import { createIdFactory } from "../src/lib/ids.js";
import { writeCounty, type BadRowEntry } from "../seeds/county/write.js";
import { createWorld, type World } from "./support/world.js";

const ROOT = new URL("..", import.meta.url).pathname;
let dir: string;
const village = () => join(dir, "village");
const LIVE_TABLES = ["collectives", "persons", "memberships", "households", "household_members", "plots", "land_contracts", "contract_plots", "right_registrations", "title_versions", "import_records", "journal"];
const STAGING = ["import_stage_collectives", "import_stage_issuers", "import_stage_households", "import_stage_members", "import_stage_contracts", "import_stage_contract_plots", "import_stage_plots", "import_stage_certificates", "import_stage_streams", "import_locks"];

function csvRows(folder: string, file: string): Record<string, string>[] {
  return parse(readFileSync(join(folder, file)), { columns: true, bom: true }) as Record<string, string>[];
}

async function run(world: World, folder: string, options: { parseInline?: boolean } = {}): Promise<ImportReport> {
  return importCounty({ db: world.tdb.db, client: world.tdb.client, clock: world.clock, ids: createIdFactory(() => world.clock.nowMs()) }, folderSource(folder), { actor: "test:import", chunkRows: 97, ...options });
}

async function counts(world: World, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await world.tdb.client.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
  return out;
}

/** The live register without ids and clock times: what two imports of the same data must agree on. */
async function registerFacts(world: World): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await world.tdb.client.execute(sql)).rows);
  return [
    await q("SELECT code, name, level, region_code, issuer_code FROM collectives ORDER BY code"),
    await q("SELECT id_type, id_number, name, sex, birth_date FROM persons ORDER BY id_type, id_number"),
    await q("SELECT m.collective_code, p.id_number, m.joined_on, m.basis, m.status FROM memberships m JOIN persons p ON p.id = m.person_id ORDER BY p.id_number"),
    await q("SELECT h.contractor_code, h.collective_code, p.id_number FROM households h JOIN persons p ON p.id = h.representative_id ORDER BY 1"),
    await q("SELECT m.contractor_code, p.id_number, m.relation, m.relation_code, m.co_holder, m.status FROM household_members m JOIN persons p ON p.id = m.person_id ORDER BY 1, 2"),
    await q("SELECT plot_code, name, area_mu_e4, area_m2_e2, land_use, category, basic_farmland, boundary_east, boundary_south, boundary_west, boundary_north FROM plots ORDER BY 1"),
    await q("SELECT contract_code, contractor_code, mode, starts_on, ends_on, certificate_no, status FROM land_contracts ORDER BY 1"),
    await q("SELECT contract_code, plot_code, status FROM contract_plots ORDER BY 2"),
    await q("SELECT right_code, version, act, contractor_code, plot_codes_json, effective_on FROM right_registrations ORDER BY 1"),
    await q("SELECT subject, holder, contract_code, act, valid_from, valid_to FROM title_versions ORDER BY 1"),
    await q("SELECT table_name, record_key, digest, kept_json FROM import_records ORDER BY 1, 2"),
  ].join("\n");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "county-import-"));
  await writeCounty(village(), { households: 40, seed: 3 });
  await writeCounty(join(dir, "bad"), { households: 60, seed: 5, badRows: 10 });
  await writeCounty(join(dir, "two"), { households: 420, seed: 3 }); // the same first village, and a second one
  // The GB18030 twin: the same files, re-encoded (Chinese names, addresses, boundaries).
  mkdirSync(join(dir, "gb"));
  for (const file of readdirSync(village())) writeFileSync(join(dir, "gb", file), iconv.encode(readFileSync(join(village(), file), "utf8"), "gb18030"));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("county import (npm run import, issue 8)", () => {
  let world: World;
  let report: ImportReport;
  beforeAll(async () => {
    world = await createWorld();
    report = await run(world, village());
  }, 60_000);
  afterAll(() => world.close());

  it("registers the whole village: collective, households with members and co-holders, plots, contracts", async () => {
    expect(report).toMatchObject({ status: "completed", errorCount: 0, errors: [] });
    const cbf = csvRows(village(), "CBF.csv");
    const jtcy = csvRows(village(), "CBF_JTCY.csv");
    const dk = csvRows(village(), "DK.csv");
    const cbht = csvRows(village(), "CBHT.csv");
    const cbdkxx = csvRows(village(), "CBDKXX.csv");
    expect(report.created).toMatchObject({ collectives: 1, households: cbf.length, plots: dk.length, contracts: cbht.length, persons: jtcy.length });

    for (const h of cbf) {
      const res = await world.request("GET", `/v1/households/${h.CBFBM}`);
      expect(res.status).toBe(200);
      const members = jtcy.filter((m) => m.CBFBM === h.CBFBM);
      expect(res.body.members).toHaveLength(members.length);
      for (const m of members) {
        const upgraded = m.CYZJLX === "1" ? (parseResidentId(m.CYZJHM!) as { idNumber: string }).idNumber : m.CYZJHM;
        const found = res.body.members.find((x: any) => x.person.idNumber === upgraded);
        expect(found, `${h.CBFBM} member`).toMatchObject({ person: { name: m.CYXM, idType: m.CYZJLX === "1" ? "resident-id" : "household-book" }, relationCode: m.YHZGX, coHolder: m.SFGYR === "1" });
      }
      expect(res.body.members.find((x: any) => x.person.id === res.body.representativeId).person.name).toBe(h.CBFMC);
    }
    for (const p of dk) {
      const res = await world.request("GET", `/v1/plots/${p.DKBM}`);
      expect(res.status).toBe(200);
      const link = cbdkxx.find((l) => l.DKBM === p.DKBM)!;
      expect(res.body).toMatchObject({
        name: p.DKMC,
        areaMu: p.SCMJM,
        areaM2: p.SCMJ,
        basicFarmland: p.SFJBNT === "1",
        boundaries: { east: p.DKDZ, west: p.DKXZ, south: p.DKNZ, north: p.DKBZ },
        currentContract: { contractCode: link.CBHTBM, startsOn: "1998-10-01", endsOn: "2028-09-30", certificateNo: link.CBHTBM },
        holder: { contractorCode: link.CBFBM },
      });
      // The chain of title begins with the imported first registration, from the contract's start.
      const history = await world.request("GET", `/v1/plots/${p.DKBM}/history`);
      expect(history.body.versions).toEqual([expect.objectContaining({ act: "first-registration", validFrom: "1998-10-01", holder: expect.objectContaining({ id: link.CBFBM }) })]);
    }
    for (const c of cbht) {
      const res = await world.request("GET", `/v1/land-contracts/${c.CBHTBM}`);
      expect(res.status).toBe(200);
      expect(res.body.plots.map((p: any) => p.plotCode).sort()).toEqual(cbdkxx.filter((l) => l.CBHTBM === c.CBHTBM).map((l) => l.DKBM).sort());
    }
  });

  it("confirms the living members as members of the collective and upgrades legacy ID numbers", async () => {
    const jtcy = csvRows(village(), "CBF_JTCY.csv");
    const fifteen = jtcy.filter((m) => m.CYZJLX === "1" && m.CYZJHM!.length === 15);
    const books = jtcy.filter((m) => m.CYZJLX === "4");
    expect(fifteen.length + books.length).toBeGreaterThan(0);
    for (const m of fifteen) {
      const { rows } = await world.tdb.client.execute({ sql: "SELECT id_number FROM persons WHERE id_type = 'resident-id' AND id_number = ?", args: [(parseResidentId(m.CYZJHM!) as { idNumber: string }).idNumber] });
      expect(rows).toHaveLength(1);
    }
    const { rows } = await world.tdb.client.execute("SELECT basis, count(*) AS n FROM memberships WHERE status = 'active' GROUP BY basis ORDER BY basis");
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(jtcy.length);
    // Children born after the contract's start join at birth.
    expect(rows.map((r) => r.basis)).toEqual(["birth", "original"]);
  });

  it("writes one hash-chained journal row per collective, and the journal verifies", async () => {
    const { rows } = await world.tdb.client.execute("SELECT type, subject, data_json FROM journal WHERE type = 'collective.imported'");
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0]!.data_json))).toMatchObject({ importId: report.importId, households: 40 });
    const verification = await world.request("GET", "/v1/journal/verification");
    expect(verification.body.valid).toBe(true);
  });

  it("leaves the staging tables empty and indexed as the migrations made them", async () => {
    expect(Object.values(await counts(world, STAGING)).every((n) => n === 0)).toBe(true);
    expect(await stagingIndexes(world)).toEqual(STAGING_INDEXES);
  });

  it("changes nothing when the same package is imported again", async () => {
    const before = await counts(world, LIVE_TABLES);
    const facts = await registerFacts(world);
    const again = await run(world, village());
    expect(again).toMatchObject({ status: "unchanged", errorCount: 0 });
    expect(again.unchangedRows).toBe(Object.values(again.rows).reduce((a, b) => a + b, 0));
    expect(await counts(world, LIVE_TABLES)).toEqual(before);
    expect(await registerFacts(world)).toBe(facts);
    expect(Object.values(await counts(world, STAGING)).every((n) => n === 0)).toBe(true);
  });

  it("adds what is new in a bigger package and leaves what was imported before", async () => {
    const before = await counts(world, ["households", "journal"]);
    const more = await run(world, join(dir, "two"));
    expect(more.status).toBe("completed");
    expect(more.created.households).toBe(420 - 40);
    expect(more.unchangedRows).toBeGreaterThan(40 * 5);
    const after = await counts(world, ["households", "journal"]);
    expect(after.households).toBe(420);
    // One journal row per collective that gained something: the first village grew, the second is new.
    expect(after.journal! - before.journal!).toBe(2);
  });

  it("refuses a row that changed since it was imported, naming it, and writes nothing", async () => {
    const changed = join(dir, "changed");
    rmSync(changed, { recursive: true, force: true });
    spawnSync("cp", ["-r", village(), changed]);
    const dk = readFileSync(join(changed, "DK.csv"), "utf8").split("\r\n");
    const fields = dk[5]!.split(",");
    fields[3] = "改名地块";
    dk[5] = fields.join(",");
    writeFileSync(join(changed, "DK.csv"), dk.join("\r\n"));
    const before = await counts(world, LIVE_TABLES);
    const refused = await run(world, changed);
    expect(refused).toMatchObject({ status: "refused", errorCount: 1, errors: [{ file: "DK.csv", line: 6, field: "DKBM", code: "import_record_conflicts" }] });
    expect(await counts(world, LIVE_TABLES)).toEqual(before);
  });
});

describe("a package with bad rows", () => {
  it("writes nothing and reports every bad row with its file, line, field and rule code", async () => {
    const world = await createWorld();
    try {
      const before = await counts(world, LIVE_TABLES);
      const report = await run(world, join(dir, "bad"));
      const expected = JSON.parse(readFileSync(join(dir, "bad", "bad-rows.json"), "utf8")) as BadRowEntry[];
      expect(report.status).toBe("refused");
      const key = (e: { file: string; line: number; field: string }, code: string) => `${e.file}:${e.line}:${e.field}:${code}`;
      expect(report.errors.map((e) => key(e, e.code)).sort()).toEqual(expected.map((e) => key(e, e.rule)).sort());
      expect(report.errorCount).toBe(expected.length);
      const idNumbers = csvRows(join(dir, "bad"), "CBF_JTCY.csv").map((m) => m.CYZJHM!);
      for (const e of report.errors) for (const id of idNumbers) expect(e.message).not.toContain(id); // no ID number in a message
      expect(await counts(world, LIVE_TABLES)).toEqual(before);
      expect(Object.values(await counts(world, STAGING)).every((n) => n === 0)).toBe(true);
      const { rows } = await world.tdb.client.execute("SELECT status, report_json FROM imports");
      expect(rows).toEqual([expect.objectContaining({ status: "refused" })]);
    } finally {
      world.close();
    }
  });

  it("names a missing table, a header without a mandatory field and a row with too few fields", async () => {
    const folder = join(dir, "broken");
    rmSync(folder, { recursive: true, force: true });
    spawnSync("cp", ["-r", village(), folder]);
    rmSync(join(folder, "CBJYQZ.csv"));
    const world = await createWorld();
    try {
      expect((await run(world, folder)).errors).toEqual([expect.objectContaining({ file: "CBJYQZ.csv", line: 0, code: "import_file_missing" })]);
      writeFileSync(join(folder, "CBJYQZ.csv"), readFileSync(join(village(), "CBJYQZ.csv")));
      const cbf = readFileSync(join(folder, "CBF.csv"), "utf8").replace(/^CBFBM,/, "BM,");
      writeFileSync(join(folder, "CBF.csv"), cbf);
      const dk = readFileSync(join(folder, "DK.csv"), "utf8").split("\r\n");
      dk[3] = dk[3]!.split(",").slice(0, 5).join(",");
      writeFileSync(join(folder, "DK.csv"), dk.join("\r\n"));
      const report = await run(world, folder);
      expect(report.status).toBe("refused");
      expect(report.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: "CBF.csv", line: 1, field: "CBFBM", code: "import_header_missing_field" }),
          expect.objectContaining({ file: "DK.csv", line: 4, code: "import_field_count_mismatch" }),
        ]),
      );
      expect((await counts(world, ["plots", "persons"])).plots).toBe(0);
    } finally {
      world.close();
    }
  });
});

describe("encodings", () => {
  it("imports a GB18030 package exactly as its UTF-8 twin (parsed on this thread, and in worker threads)", async () => {
    const utf8 = await createWorld();
    const gb = await createWorld();
    try {
      const a = await run(utf8, village(), { parseInline: true });
      const b = await run(gb, join(dir, "gb"), { parseInline: false });
      expect(a.status).toBe("completed");
      expect(b).toMatchObject({ status: "completed", created: a.created });
      expect(new Set(Object.values(b.encodings))).toEqual(new Set(["GB18030", "UTF-8"])); // ASCII-only tables read as UTF-8
      expect(b.encodings["CBF_JTCY.csv"]).toBe("GB18030");
      expect(await registerFacts(gb)).toBe(await registerFacts(utf8));
    } finally {
      utf8.close();
      gb.close();
    }
  });
});

const STAGING_INDEXES = [
  "import_stage_certificates_key",
  "import_stage_collectives_key",
  "import_stage_contract_plots_contract",
  "import_stage_contract_plots_plot",
  "import_stage_contracts_contractor",
  "import_stage_contracts_key",
  "import_stage_households_key",
  "import_stage_issuers_key",
  "import_stage_members_household",
  "import_stage_members_person",
  "import_stage_plots_key",
];
async function stagingIndexes(world: World): Promise<string[]> {
  const { rows } = await world.tdb.client.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'import_stage_%' AND sql IS NOT NULL ORDER BY name");
  return rows.map((r) => String(r.name));
}

describe("atomicity", () => {
  it("leaves nothing live, no lock and no staging rows when the final batch fails", async () => {
    const world = await createWorld();
    try {
      // A guard that fires in the middle of the final batch, after collectives, persons and plots were inserted.
      await world.tdb.client.execute(`CREATE TRIGGER test_refuse_titles BEFORE INSERT ON title_versions WHEN NEW.subject LIKE '%0000077' BEGIN SELECT RAISE(ABORT, 'test_refusal'); END`);
      const before = await counts(world, LIVE_TABLES);
      await expect(run(world, village())).rejects.toThrow(/test_refusal/);
      expect(await counts(world, LIVE_TABLES)).toEqual(before);
      expect(Object.values(await counts(world, STAGING)).every((n) => n === 0)).toBe(true);
      // The staging tables' indexes, dropped while the run loaded alone, are there again.
      expect(await stagingIndexes(world)).toEqual(STAGING_INDEXES);
      const { rows } = await world.tdb.client.execute("SELECT status FROM imports");
      expect(rows.map((r) => r.status)).toEqual(["failed"]);
      // Writes to the collective are not blocked afterwards, and the import succeeds once the guard is gone.
      await world.tdb.client.execute("DROP TRIGGER test_refuse_titles");
      expect((await run(world, village())).status).toBe("completed");
    } finally {
      world.close();
    }
  });
});

describe("npm run import", () => {
  it("exits non-zero and prints the report of a refused package", () => {
    const db = join(dir, "cli", "registry.db");
    const out = spawnSync(join(ROOT, "node_modules/.bin/tsx"), ["src/import-cli.ts", join(dir, "bad")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${db}` },
      encoding: "utf8",
    });
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/refused/);
    expect(out.stdout).toMatch(/CBHT\.csv\t\d+\tCBFBM\tcontractor_not_found\t/);
    expect(out.stdout).toMatch(/nothing was written/);
  }, 60_000);
});
