import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkCollectiveCreditCode,
  checkContractCode,
  checkContractorCode,
  checkIssuerCode,
  checkPlotCode,
  parseResidentId,
} from "../src/domain/identifiers/index.js";
import { fileOf, HEADERS, TABLES, type TableName } from "../seeds/county/generate.js";
import { writeCounty, type BadRowEntry } from "../seeds/county/write.js";

/** The generator of a synthetic county in the NY/T 2539 layout (seeds/county, issue 8). */
const ROOT = new URL("..", import.meta.url).pathname;
const HOUSEHOLDS = 50;
let dir: string;

/** Enough of RFC 4180 for the generated files: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), (row = []), (field = ""), i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

const read = (folder: string, table: TableName) => {
  const [header, ...rows] = parseCsv(readFileSync(join(folder, fileOf(table)), "utf8"));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))) };
};
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(s + "T00:00:00Z").toISOString().startsWith(s);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "county-gen-"));
  await writeCounty(join(dir, "a"), { households: HOUSEHOLDS, seed: 7 });
  await writeCounty(join(dir, "b"), { households: HOUSEHOLDS, seed: 7 });
  await writeCounty(join(dir, "bad"), { households: HOUSEHOLDS, seed: 7, badRows: 5 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("county generator (seeds/county)", () => {
  it("writes every table with the NY/T 2539 field names as its header", () => {
    for (const table of TABLES) {
      const text = readFileSync(join(dir, "a", fileOf(table)), "utf8");
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.split("\r\n")[0]).toBe(HEADERS[table].join(","));
      expect(text.endsWith("\r\n")).toBe(true);
    }
  });

  it("has consistent row counts and cross-references", () => {
    const t = Object.fromEntries(TABLES.map((table) => [table, read(join(dir, "a"), table).rows])) as Record<TableName, Record<string, string>[]>;
    expect(t.CBF).toHaveLength(HOUSEHOLDS);
    expect(t.CBHT).toHaveLength(HOUSEHOLDS);
    expect(t.CBJYQZ).toHaveLength(HOUSEHOLDS);
    expect(t.DK).toHaveLength(t.CBDKXX.length);
    expect(t.collectives).toHaveLength(t.FBF.length);

    const issuers = new Set(t.FBF.map((r) => r.FBFBM!));
    const contractors = new Set(t.CBF.map((r) => r.CBFBM!));
    const membersOf = new Map<string, number>();
    for (const m of t.CBF_JTCY) membersOf.set(m.CBFBM!, (membersOf.get(m.CBFBM!) ?? 0) + 1);
    for (const c of t.CBF) {
      const n = membersOf.get(c.CBFBM!) ?? 0;
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(5);
      expect(c.CBFCYSL).toBe(String(n));
      expect(issuers.has(c.CBFBM!.slice(0, 14))).toBe(true);
    }
    expect(membersOf.size).toBe(HOUSEHOLDS);

    const plotsOf = new Map<string, number>();
    const contractOfPlot = new Map<string, string>();
    const dkCodes = new Set(t.DK.map((r) => r.DKBM!));
    for (const p of t.CBDKXX) {
      plotsOf.set(p.CBHTBM!, (plotsOf.get(p.CBHTBM!) ?? 0) + 1);
      expect(contractOfPlot.has(p.DKBM!)).toBe(false);
      contractOfPlot.set(p.DKBM!, p.CBHTBM!);
      expect(dkCodes.has(p.DKBM!)).toBe(true);
      expect(p.DKBM!.slice(0, 14)).toBe(p.FBFBM);
      expect(checkPlotCode(p.DKBM!)).toBeNull();
      expect(/^\d+\.\d{2}$/.test(p.HTMJ!) && /^\d+\.\d{2}$/.test(p.HTMJM!)).toBe(true);
    }
    for (const c of t.CBHT) {
      expect(contractors.has(c.CBFBM!)).toBe(true);
      expect(issuers.has(c.FBFBM!)).toBe(true);
      expect(checkContractCode(c.CBHTBM!)).toBeNull();
      expect(c.CBHTBM!.slice(0, 18)).toBe(c.CBFBM);
      const n = plotsOf.get(c.CBHTBM!) ?? 0;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(8);
      expect(c.CBDKZS).toBe(String(n));
      for (const d of [c.CBQXQ!, c.CBQXZ!, c.QDSJ!]) expect(isDate(d)).toBe(true);
    }
    for (const f of t.FBF) expect(checkIssuerCode(f.FBFBM!)).toBeNull();
    for (const c of t.CBF) expect(checkContractorCode(c.CBFBM!)).toBeNull();
    for (const d of t.DK) expect(checkPlotCode(d.DKBM!)).toBeNull();
    for (const q of t.CBJYQZ) expect(t.CBHT.some((c) => c.CBHTBM === q.CBJYQZBM)).toBe(true);
    for (const k of t.collectives) {
      expect(issuers.has(k.issuerCode!)).toBe(true);
      expect(checkCollectiveCreditCode(k.creditCode!, "village")).toBeNull();
    }

    const ids = [
      ...t.FBF.map((r) => r.FZRZJHM!),
      ...t.CBF.map((r) => r.CBFZJHM!),
      ...t.CBF_JTCY.filter((r) => r.CYZJLX === "1" && r.CYZJHM!.length === 18).map((r) => r.CYZJHM!),
      ...t.CBJYQZ.map((r) => r.QZLQRZJHM!),
    ];
    for (const id of ids) expect(parseResidentId(id), id).toMatchObject({ ok: true, idNumber: id });
    // Legacy documents: 15-digit numbers upgrade to valid 18-digit ones; household-book numbers are type 4.
    const legacy = t.CBF_JTCY.filter((r) => r.CYZJLX === "1" && r.CYZJHM!.length === 15);
    for (const r of legacy) expect(parseResidentId(r.CYZJHM!)).toMatchObject({ ok: true, upgradedFrom15: true });
    for (const r of t.CBF_JTCY.filter((r) => r.CYZJLX !== "1")) expect(r).toMatchObject({ CYZJLX: "4", CYBZ: "6" });
    expect(new Set(t.CBF_JTCY.map((r) => r.CYZJHM)).size).toBe(t.CBF_JTCY.length);
  });

  it("is deterministic: the same seed gives byte-identical files", () => {
    for (const table of TABLES) {
      expect(readFileSync(join(dir, "b", fileOf(table))).equals(readFileSync(join(dir, "a", fileOf(table))))).toBe(true);
    }
  });

  it("lists each bad row, and each fails its named rule", () => {
    const bad = JSON.parse(readFileSync(join(dir, "bad", "bad-rows.json"), "utf8")) as BadRowEntry[];
    expect(bad).toHaveLength(5);
    expect(new Set(bad.map((b) => b.rule)).size).toBe(5);
    const t = Object.fromEntries(TABLES.map((table) => [table, read(join(dir, "bad"), table).rows])) as Record<TableName, Record<string, string>[]>;
    const contractors = new Set(t.CBF.map((r) => r.CBFBM!));
    for (const b of bad) {
      expect(b.file).toBe(fileOf(b.table));
      const row = t[b.table][b.line - 2]!;
      const value = row[b.field]!;
      switch (b.rule) {
        case "id_number_check_character_mismatch":
          expect(parseResidentId(value)).toEqual({ ok: false, code: b.rule });
          break;
        case "plot_code_outside_issuer":
          expect(checkPlotCode(value)).toBeNull();
          expect(value.slice(0, 14)).not.toBe(row.FBFBM);
          break;
        case "contractor_not_found":
          expect(checkContractorCode(value)).toBeNull();
          expect(contractors.has(value)).toBe(false);
          break;
        case "plot_already_contracted": {
          const contracts = t.CBDKXX.filter((r) => r.DKBM === value).map((r) => r.CBHTBM);
          expect(new Set(contracts).size).toBe(2);
          break;
        }
        case "date_malformed":
          expect(isDate(value)).toBe(false);
          break;
      }
    }
    // Every other row of the bad package is still a good one: the bad rows are only those listed.
    expect(t.CBF).toHaveLength(HOUSEHOLDS);
  });

  it("runs from the command line (npm run seed:county)", () => {
    const out = join(dir, "cli");
    const run = spawnSync(process.execPath, ["--import", "tsx", "seeds/county/cli.ts", "--households", "20", "--out", out, "--seed", "3", "--bad-rows", "2"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(read(out, "CBF").rows).toHaveLength(20);
    expect(JSON.parse(readFileSync(join(out, "bad-rows.json"), "utf8"))).toHaveLength(2);
  });
});
