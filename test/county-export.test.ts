import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_TABLES, exportNyt, exportToFolder } from "../src/commands/exports/export-nyt.js";
import { importCounty } from "../src/commands/imports/import-county.js";
import { folderSource } from "../src/commands/imports/sources.js";
import { NYT_HEADERS, type NytTable } from "../src/domain/nyt2539.js";
import { csvRecord } from "../src/lib/csv.js";
import { createIdFactory } from "../src/lib/ids.js";
import { writeCounty } from "../seeds/county/write.js";
import { contractorCode, member, plotCode, registerCollective, registerContract, registerHousehold, registerPlot, VILLAGE } from "./support/fixtures.js";
import { createWorld, type World } from "./support/world.js";

/**
 * The county export (issue 8): NY/T 2539 tables out of the registry. A generated village is imported and exported
 * again: every table gives back the same set of rows, unmodelled fields included. A change made since shows the
 * registry's value; `--collective` exports one collective; a collective registered through the API exports its
 * modelled fields and blanks.
 */
const ROOT = new URL("..", import.meta.url).pathname;
let world: World;
let dir: string;
let input: string;
let imported: { creditCode: string; issuerCode: string };

interface Csv {
  header: string[];
  rows: string[][];
}
function read(folder: string, table: NytTable): Csv {
  const bytes = readFileSync(join(folder, `${table}.csv`));
  const [header, ...rows] = parse(bytes, { bom: false, relax_column_count: false }) as string[][];
  return { header: header!, rows };
}
/** Rewrites a generated table in place (csvRecord: RFC 4180, CRLF). */
function edit(table: NytTable, change: (csv: Csv) => void) {
  const csv = read(input, table);
  change(csv);
  writeFileSync(join(input, `${table}.csv`), [csv.header, ...csv.rows].map((r) => csvRecord(r) + "\r\n").join(""));
}
/** The rows of a table as a sorted list (a set that shows duplicates). */
const setOf = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();
let outputs = 0;
const out = () => join(dir, `out-${++outputs}`);

beforeAll(async () => {
  world = await createWorld();
  dir = mkdtempSync(join(tmpdir(), "county-export-"));
  input = join(dir, "in");
  await writeCounty(input, { households: 40, seed: 7 });
  // Rows a confirmation database writes that the generator does not: a member who died (CYBZ 7), modelled fields
  // whose text differs from the registry's own writing of the same value, and text that needs quoting.
  edit("CBF_JTCY", (csv) => {
    const child = csv.rows.findIndex((r, i) => i > 8 && r[5] === "20");
    csv.rows[child]![6] = "7";
    csv.rows[child]![8] = "2019年去世";
    csv.rows[2]![7] = ""; // SFGYR blank: read as 2 (not a co-holder)
  });
  edit("CBHT", (csv) => {
    csv.rows[1]![5] = "1998/10/1"; // CBQXQ, read as 1998-10-01
  });
  edit("DK", (csv) => {
    csv.rows[2]![11] += "0"; // SCMJM with three decimals, the same area
    csv.rows[3]![3] = ` ${csv.rows[3]![3]} `; // DKMC with spaces around it
  });
  edit("CBF", (csv) => {
    csv.rows[4]![5] = '山东省威海市乳山市,"东村" 12号'; // CBFDZ with a comma and quotes
  });
  const report = await importCounty(
    { db: world.tdb.db, client: world.tdb.client, clock: world.clock, ids: createIdFactory(() => world.clock.nowMs()) },
    folderSource(input),
    { actor: "test" },
  );
  expect(report.status, JSON.stringify(report.errors.slice(0, 3))).toBe("completed");
  const [row] = read(input, "collectives").rows;
  imported = { issuerCode: row![0]!, creditCode: row![1]! };
}, 60_000);
afterAll(() => {
  world.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export of an imported county", () => {
  let first: string;

  it("gives back every table's rows as they were imported (same header, same set of rows)", async () => {
    first = out();
    const counts = await exportToFolder(world.tdb.client, first);
    for (const table of EXPORT_TABLES) {
      const given = read(input, table);
      const back = read(first, table);
      expect(back.header, table).toEqual([...NYT_HEADERS[table]]);
      expect(back.header, table).toEqual(given.header);
      expect(back.rows.length, table).toBe(given.rows.length);
      expect(counts[table], table).toBe(given.rows.length);
      expect(setOf(back.rows), table).toEqual(setOf(given.rows));
    }
    // The generated package has the unmodelled fields the round trip must carry: survey, notice and certificate.
    const cbf = read(first, "CBF");
    expect(cbf.rows.every((r) => r[cbf.header.indexOf("CBFDCRQ")] !== "" && r[cbf.header.indexOf("GSSHR")] !== "")).toBe(true);
    expect(read(first, "CBF_JTCY").rows.some((r) => r[6] === "6")).toBe(true); // CYBZ 6 (newborn), kept text
    // The edited rows kept their text beside the value (Kept.o): 1998/10/1, a blank SFGYR, 0.660, " 东大田 " (and the
    // generator's 15-digit ID numbers, kept beside their 18-digit form).
    const kept = await world.tdb.client.execute(`SELECT table_name, kept_json FROM import_records WHERE kept_json NOT LIKE '%"o":{}%'`);
    const overridden = kept.rows.flatMap((r) => Object.keys(JSON.parse(String(r.kept_json)).o).map((f) => `${r.table_name}.${f}`));
    expect(new Set(overridden)).toEqual(new Set(["CBF_JTCY.SFGYR", "CBF_JTCY.CYZJHM", "CBHT.CBQXQ", "DK.SCMJM", "DK.DKMC"]));
    // The member who died was imported as a former member (left, deceased) and comes back with CYBZ 7.
    const deceased = await world.tdb.client.execute("SELECT count(*) AS n FROM household_members WHERE status = 'left' AND left_reason = 'death'");
    expect(Number(deceased.rows[0]!.n)).toBe(1);
    expect(read(first, "CBF_JTCY").rows.filter((r) => r[6] === "7")).toHaveLength(1);
  });

  it("writes UTF-8 without a byte order mark, CRLF records, and the same bytes whatever the page size", async () => {
    const small = out();
    await exportToFolder(world.tdb.client, small, { pageRows: 7 });
    for (const table of EXPORT_TABLES) {
      const bytes = readFileSync(join(first, `${table}.csv`));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), table).toBe(false);
      const text = bytes.toString("utf8");
      expect(text.endsWith("\r\n"), table).toBe(true);
      expect(text.replace(/\r\n/g, "").includes("\n"), table).toBe(false);
      expect(readFileSync(join(small, `${table}.csv`)).equals(bytes), table).toBe(true);
    }
  });

  it("gives values back unchanged: no spreadsheet-formula guard, RFC 4180 quoting only", async () => {
    const [plot] = (await world.tdb.client.execute("SELECT plot_code FROM plots ORDER BY plot_code LIMIT 1")).rows;
    const code = String(plot!.plot_code);
    const res = await world.request("POST", `/v1/plots/${code}/corrections`, {
      body: { boundaries: { east: '=HYPERLINK("x"),路', north: "-王家\r\n后" }, evidenceRef: "测绘成果〔2026〕1号", reason: "四至录入错误" },
    });
    expect(res.status, res.text).toBe(201);
    const folder = out();
    await exportToFolder(world.tdb.client, folder);
    const dk = read(folder, "DK");
    const row = dk.rows.find((r) => r[dk.header.indexOf("DKBM")] === code)!;
    expect(row[dk.header.indexOf("DKDZ")]).toBe('=HYPERLINK("x"),路');
    expect(row[dk.header.indexOf("DKBZ")]).toBe("-王家\r\n后");
  });
});

describe("changes made after the import", () => {
  it("a corrected plot exports the corrected name and boundaries; its other fields stay as imported", async () => {
    const given = read(input, "DK");
    const col = (name: string) => given.header.indexOf(name);
    const original = given.rows[5]!;
    const code = original[col("DKBM")]!;
    const res = await world.request("POST", `/v1/plots/${code}/corrections`, {
      body: { name: "更正后地名", boundaries: { west: "新修机耕路" }, evidenceRef: "测绘成果〔2026〕2号", reason: "地名、西至录入错误" },
    });
    expect(res.status, res.text).toBe(201);
    const folder = out();
    await exportToFolder(world.tdb.client, folder);
    const dk = read(folder, "DK");
    const row = dk.rows.find((r) => r[col("DKBM")] === code)!;
    const expected = [...original];
    expected[col("DKMC")] = "更正后地名";
    expected[col("DKXZ")] = "新修机耕路";
    expect(row).toEqual(expected);
    // Every plot not corrected is exported as it came.
    const corrected = new Set((await world.tdb.client.execute("SELECT DISTINCT key FROM fact_versions WHERE entity = 'plot'")).rows.map((r) => String(r.key)));
    expect(corrected.size).toBe(2); // this one and the one of the quoting test
    const others = (rows: string[][]) => setOf(rows.filter((r) => !corrected.has(r[col("DKBM")]!)));
    expect(others(dk.rows)).toEqual(others(given.rows));
  });

  it("reads one state of the register: a correction committed while the export runs is not in it", async () => {
    const given = read(input, "DK");
    const code = given.rows[7]![2]!;
    const name = given.rows[7]![3]!;
    const rows: Record<string, string[][]> = {};
    let corrected = 0;
    await exportNyt(world.tdb.client, { pageRows: 5 }, async (table, row) => {
      (rows[table] ??= []).push(row);
      if (table === "CBF" && corrected++ === 0) {
        const res = await world.request("POST", `/v1/plots/${code}/corrections`, { body: { name: "导出期间更正", evidenceRef: "测绘成果〔2026〕3号", reason: "地名录入错误" } });
        expect(res.status, res.text).toBe(201);
      }
    });
    expect(rows.DK!.find((r) => r[2] === code)![3]).toBe(name);
    const after = out();
    await exportToFolder(world.tdb.client, after);
    expect(read(after, "DK").rows.find((r) => r[2] === code)![3]).toBe("导出期间更正");
  });

  it("a member who died is listed with CYBZ 7; one who married out is no longer listed", async () => {
    const { rows } = await world.tdb.client.execute(
      `SELECT m.contractor_code, m.person_id, m.relation, p.id_number FROM household_members m JOIN persons p ON p.id = m.person_id
       WHERE m.status = 'active' AND m.relation IN ('son', 'daughter') ORDER BY m.contractor_code LIMIT 2`,
    );
    const [dies, leaves] = rows.map((r) => ({ contractor: String(r.contractor_code), personId: String(r.person_id), idNumber: String(r.id_number) }));
    const depart = (m: typeof dies, reason: string) =>
      world.request("POST", `/v1/households/${m!.contractor}/members/${m!.personId}/departure`, { body: { leftOn: "2026-11-01", reason } });
    expect((await depart(dies, "death")).status).toBe(200);
    expect((await depart(leaves, "marriage-out")).status).toBe(200);

    const folder = out();
    await exportToFolder(world.tdb.client, folder);
    const given = read(input, "CBF_JTCY");
    const back = read(folder, "CBF_JTCY");
    const find = (csv: Csv, m: typeof dies) => csv.rows.filter((r) => r[0] === m!.contractor && r[4] === m!.idNumber);
    const before = find(given, dies)[0]!;
    expect(find(back, dies)).toEqual([[...before.slice(0, 6), "7", ...before.slice(7)]]);
    expect(find(back, leaves)).toEqual([]);
    expect(back.rows).toHaveLength(given.rows.length - 1);
  });
});

describe("a collective registered through the API, and --collective", () => {
  beforeAll(async () => {
    await registerCollective(world, VILLAGE);
    const head = await member(world, VILLAGE.code, 901, "王建国");
    const spouse = await member(world, VILLAGE.code, 902, "李秀兰");
    await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }, { personId: spouse.id, relation: "spouse", coHolder: false }]);
    await registerPlot(world, VILLAGE, 1, "1.50");
    await registerPlot(world, VILLAGE, 2, "0.75");
    await registerContract(world, VILLAGE, 1, [1, 2]);
  });

  it("exports the modelled fields and leaves the rest blank", async () => {
    const folder = out();
    const counts = await exportToFolder(world.tdb.client, folder, { collective: VILLAGE.code });
    const contractor = contractorCode(VILLAGE.issuerCode, 1);
    const contract = `${contractor}J`;
    const blank = (table: NytTable, values: Record<string, string>) => NYT_HEADERS[table].map((f) => values[f] ?? "");
    const members = (
      await world.tdb.client.execute({
        sql: `SELECT p.name, p.id_number, p.sex, m.relation_code, m.co_holder FROM household_members m JOIN persons p ON p.id = m.person_id WHERE m.contractor_code = ?`,
        args: [contractor],
      })
    ).rows;
    expect(members).toHaveLength(2);
    const headId = String(members.find((m) => m.name === "王建国")!.id_number);

    expect(read(folder, "collectives").rows).toEqual([[VILLAGE.issuerCode, VILLAGE.code, VILLAGE.level, VILLAGE.name]]);
    expect(read(folder, "FBF").rows).toEqual([blank("FBF", { FBFBM: VILLAGE.issuerCode, FBFMC: VILLAGE.name })]);
    expect(read(folder, "CBF").rows).toEqual([blank("CBF", { CBFBM: contractor, CBFLX: "1", CBFMC: "王建国", CBFZJLX: "1", CBFZJHM: headId })]);
    expect(setOf(read(folder, "CBF_JTCY").rows)).toEqual(
      setOf(
        members.map((m) =>
          blank("CBF_JTCY", {
            CBFBM: contractor,
            CYXM: String(m.name),
            CYXB: m.sex === "male" ? "1" : "2",
            CYZJLX: "1",
            CYZJHM: String(m.id_number),
            YHZGX: String(m.relation_code),
            SFGYR: m.name === "王建国" ? "1" : "2",
          }),
        ),
      ),
    );
    expect(read(folder, "CBHT").rows).toEqual([
      blank("CBHT", { CBHTBM: contract, FBFBM: VILLAGE.issuerCode, CBFBM: contractor, CBFS: "110", CBQXQ: "1998-10-01", CBQXZ: "2028-09-30" }),
    ]);
    expect(setOf(read(folder, "CBDKXX").rows)).toEqual(
      setOf([1, 2].map((s) => blank("CBDKXX", { DKBM: plotCode(VILLAGE.issuerCode, s), FBFBM: VILLAGE.issuerCode, CBFBM: contractor, CBJYQQDFS: "110", CBHTBM: contract }))),
    );
    const dk = (seq: number, mu: string) =>
      blank("DK", { DKBM: plotCode(VILLAGE.issuerCode, seq), DKLB: "10", TDYT: "1", SFJBNT: "2", SCMJM: mu, DKDZ: "路", DKXZ: "张家", DKNZ: "渠", DKBZ: "李家" });
    expect(read(folder, "DK").rows).toEqual([dk(1, "1.50"), dk(2, "0.75")]);
    expect(read(folder, "CBJYQZ").rows).toEqual([]);
    expect(counts).toMatchObject({ collectives: 1, FBF: 1, CBF: 1, CBF_JTCY: 2, CBHT: 1, CBDKXX: 2, DK: 2, CBJYQZ: 0 });
  });

  it("--collective exports that collective only; without it, every collective", async () => {
    const mine = out();
    await exportToFolder(world.tdb.client, mine, { collective: imported.creditCode });
    const all = out();
    await exportToFolder(world.tdb.client, all);
    for (const table of EXPORT_TABLES) {
      const one = read(mine, table).rows;
      expect(one.length, table).toBeGreaterThan(0);
      expect(one.every((r) => r.some((f) => f.startsWith(imported.issuerCode) || f === imported.creditCode)), table).toBe(true);
      const every = read(all, table).rows;
      expect(every.length - one.length, table).toBe({ collectives: 1, FBF: 1, CBF: 1, CBF_JTCY: 2, CBHT: 1, CBDKXX: 2, DK: 2, CBJYQZ: 0 }[table]);
    }
    await expect(exportNyt(world.tdb.client, { collective: "N2371083MA0000000X" }, () => undefined)).rejects.toMatchObject({ code: "collective_not_found" });
    // Refused before any file is made.
    await expect(exportToFolder(world.tdb.client, join(dir, "none"), { collective: "N2371083MA0000000X" })).rejects.toMatchObject({ code: "collective_not_found" });
    expect(existsSync(join(dir, "none"))).toBe(false);
  });

  it("runs from the command line (npm run export), exit 2 on usage errors", () => {
    const folder = join(dir, "cli");
    const env = { ...process.env, DATABASE_URL: world.tdb.url };
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/export-cli.ts", folder, "--collective", VILLAGE.code], { cwd: ROOT, encoding: "utf8", env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/CBF_JTCY\s+2/);
    expect(read(folder, "DK").rows).toHaveLength(2);
    const usage = spawnSync(process.execPath, ["--import", "tsx", "src/export-cli.ts"], { cwd: ROOT, encoding: "utf8", env });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run export/);

  });
});
