/**
 * Builds a county database the way a county is meant to arrive: writeCounty (seeds/county/write.ts) writes the
 * NY/T 2539 CSVs to a folder, then a child process imports them into a fresh migrated database (import-child.ts);
 * optionally a second child inserts the same rows bare (bare-insert.ts) for item 1's baseline.
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { writeCounty } from "../../seeds/county/write.js";
import { int, mib, mulberry32, ROOT, runChildJson, SIZES } from "./common.js";
import type { ImportChildResult } from "./import-child.js";

export interface BareInsertResult {
  rows: number;
  insertSeconds: number;
  wallSeconds: number;
  peakRssBytes: number;
  durability: { journalMode: string; synchronous: string; busyTimeoutMs: number };
}

export interface CountyDb {
  name: string;
  households: number;
  file: string;
  /** CSV data rows written (and read by the import). */
  csvRows: number;
  csvBytes: number;
  writeSeconds: number;
  imported: ImportChildResult;
  bare: BareInsertResult | null;
  plots: number;
  fileBytes: number;
}

/** `beforeImport`: work started elsewhere that must be over before the import runs (the import runs alone). */
export async function buildCounty(name: string, households: number, workDir: string, opts: { bareBaseline: boolean; beforeImport?: Promise<unknown> }): Promise<CountyDb> {
  const folder = join(workDir, `${name}-csv`);
  const file = join(workDir, `${name}.db`);
  mkdirSync(folder, { recursive: true });

  console.log(`  [${name}] writing ${int(households)} households as NY/T 2539 CSVs …`);
  const w0 = performance.now();
  const written = await writeCounty(folder, { households, seed: SIZES.seed });
  const writeSeconds = (performance.now() - w0) / 1000;
  const csvRows = Object.values(written.rows).reduce((a, b) => a + b, 0);
  const csvBytes = Object.keys(written.rows).reduce((s, t) => s + statSync(join(folder, `${t}.csv`)).size, 0);
  console.log(`  [${name}] ${int(csvRows)} CSV rows, ${mib(csvBytes)}, in ${writeSeconds.toFixed(1)} s`);
  await opts.beforeImport;
  console.log(`  [${name}] importing in a child process …`);

  const imported = await runChildJson<ImportChildResult>(`${ROOT}bench/scale/import-child.ts`, [file, folder]);
  rmSync(folder, { recursive: true, force: true });
  if (imported.rowsRead !== csvRows) throw new Error(`the import read ${imported.rowsRead} rows of ${csvRows}`);
  console.log(
    `  [${name}] imported in ${imported.seconds.toFixed(1)} s (${int(csvRows / imported.seconds)} CSV rows/s; ${Object.entries(imported.phaseSeconds).map(([p, s]) => `${p} ${s} s`).join(", ")}), peak RSS ${mib(imported.peakRssBytes)}; ` +
      `live: ${int(imported.liveRows.plots ?? 0)} plots, ${int(imported.liveRows.persons ?? 0)} persons`,
  );

  let bare: BareInsertResult | null = null;
  if (opts.bareBaseline) {
    const bareFile = join(workDir, `${name}-bare.db`);
    const rows = Math.min(csvRows, SIZES.bareRows);
    console.log(`  [${name}] bare baseline: the same rows (${rows < csvRows ? `the first ${int(rows)} of ` : ""}${int(csvRows)}), raw 500-row INSERTs into plain tables …`);
    bare = await runChildJson<BareInsertResult>(`${ROOT}bench/scale/bare-insert.ts`, [bareFile, String(households), String(SIZES.seed), String(rows)]);
    if (bare.rows !== rows) throw new Error(`bare baseline inserted ${bare.rows} rows, expected ${rows}`);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(bareFile + suffix, { force: true });
    console.log(`  [${name}] bare: ${int(bare.rows / bare.insertSeconds)} rows/s (${bare.insertSeconds.toFixed(1)} s in client.batch, ${bare.wallSeconds.toFixed(1)} s wall), peak RSS ${mib(bare.peakRssBytes)}`);
  }
  return { name, households, file, csvRows, csvBytes, writeSeconds, imported, bare, plots: imported.liveRows.plots ?? 0, fileBytes: statSync(file).size };
}

/** Up to `n` distinct plot codes picked at random (seeded) over the whole table, in a random order. */
export async function samplePlotCodes(file: string, n: number, seed: number): Promise<string[]> {
  const client = createClient({ url: `file:${file}` });
  try {
    const max = Number((await client.execute("SELECT MAX(rowid) FROM plots")).rows[0]![0] ?? 0);
    const random = mulberry32(seed);
    const rowids = new Set<number>();
    for (let tries = 0; rowids.size < Math.min(n, max) && tries < n * 20; tries++) rowids.add(1 + Math.floor(random() * max));
    const picked = [...rowids];
    const codes: string[] = [];
    for (let i = 0; i < picked.length; i += 500) {
      const part = picked.slice(i, i + 500);
      const rs = await client.execute({ sql: `SELECT plot_code FROM plots WHERE rowid IN (${part.map(() => "?").join(",")})`, args: part });
      codes.push(...rs.rows.map((r) => String(r[0])));
    }
    // Shuffle (the IN list comes back in rowid order).
    for (let i = codes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [codes[i], codes[j]] = [codes[j]!, codes[i]!];
    }
    return codes;
  } finally {
    client.close();
  }
}
