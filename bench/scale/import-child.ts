/**
 * Item 1, in a process of its own so that its peak RSS is the import's alone: a fresh database file opened as the
 * server opens one (src/open-database.ts: production pragmas, migrations), the admin token bootstrapped, then the
 * county import of `folder`: importCounty(deps, folderSource(folder), { actor, onProgress }). Prints a progress
 * line every 10 s, then one JSON line (the result).
 *
 *   npx tsx bench/scale/import-child.ts <db file> <csv folder>
 */
import { bootstrapAdmin } from "../../src/bootstrap.js";
import { importCounty } from "../../src/commands/imports/import-county.js";
import { folderSource } from "../../src/commands/imports/sources.js";
import { systemClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { ADMIN_TOKEN, durability, int, openLikeServer, peakRssBytes } from "./common.js";

/** Tables the import makes live (counted after it, for the report). */
const LIVE_TABLES = [
  "collectives",
  "collective_rules",
  "persons",
  "memberships",
  "households",
  "household_members",
  "plots",
  "land_contracts",
  "contract_plots",
  "right_registrations",
  "title_versions",
  "certificates",
  "import_records",
  "journal",
] as const;

export interface ImportChildResult {
  seconds: number;
  /** The import's own duration (ImportReport.durationMs), seconds. */
  reportedSeconds: number;
  peakRssBytes: number;
  status: string;
  rowsRead: number;
  errorCount: number;
  created: Record<string, number>;
  liveRows: Record<string, number>;
  durability: { journalMode: string; synchronous: string; busyTimeoutMs: number };
  /** Seconds spent in each phase of the import (reading and staging, validating, promoting, done). */
  phaseSeconds: Record<string, number>;
}

const [file, folder] = process.argv.slice(2);
if (!file || !folder) throw new Error("usage: import-child.ts <db file> <csv folder>");
const { client, db } = await openLikeServer(file);
await bootstrapAdmin(db, Date.now(), ADMIN_TOKEN, async () => {});
const actor = String((await client.execute("SELECT id FROM tokens WHERE role = 'admin' LIMIT 1")).rows[0]![0]);
const settings = await durability(client);

const started = performance.now();
let lastPrint = started;
const phaseSeconds: Record<string, number> = {};
let phase = "reading";
let phaseStarted = started;
const report = await importCounty({ db, client, clock: systemClock, ids: createIdFactory() }, folderSource(folder), {
  actor,
  onProgress: (p) => {
    const now = performance.now();
    if (p.phase !== phase) {
      phaseSeconds[phase] = +((now - phaseStarted) / 1000).toFixed(1);
      phase = p.phase;
      phaseStarted = now;
    }
    if (now - lastPrint < 10_000) return;
    lastPrint = now;
    console.log(`import ${p.phase}: ${int(p.rows)} rows read, ${((now - started) / 1000).toFixed(0)} s, peak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
  },
});
const seconds = (performance.now() - started) / 1000;
phaseSeconds[phase] = +((performance.now() - phaseStarted) / 1000).toFixed(1);
const peak = peakRssBytes();
if (report.status !== "completed") throw new Error(`import ${report.status}: ${report.errorCount} errors, e.g. ${JSON.stringify(report.errors.slice(0, 3))}`);
const liveRows: Record<string, number> = {};
for (const table of LIVE_TABLES) liveRows[table] = Number((await client.execute(`SELECT COUNT(*) FROM ${table}`)).rows[0]![0]);
await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
client.close();
const result: ImportChildResult = {
  seconds,
  reportedSeconds: report.durationMs / 1000,
  peakRssBytes: peak,
  status: report.status,
  rowsRead: Object.values(report.rows).reduce<number>((a, b) => a + (b ?? 0), 0),
  errorCount: report.errorCount,
  created: report.created,
  liveRows,
  durability: settings,
  phaseSeconds,
};
console.log(JSON.stringify(result));
