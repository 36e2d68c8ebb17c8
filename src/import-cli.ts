/**
 * npm run import -- <folder>
 *
 * Imports a county's land-confirmation data (NY/T 2539-2016 CSVs: FBF, CBF, CBF_JTCY, CBHT, CBDKXX, DK, CBJYQZ, and
 * collectives.csv for issuers not yet registered) into the database of DATABASE_URL, as `npm start` uses it.
 * Shows a progress bar (rows/s, time left) on stderr; prints the report. Exit 0: imported or unchanged; 1: refused
 * (the report lists every bad row: file, line, field, rule code, message); 2: usage or configuration.
 */
import { resolve } from "node:path";
import { parseEnv } from "./env.js";
import { systemClock } from "./lib/clock.js";
import { createIdFactory } from "./lib/ids.js";
import { openDatabase } from "./open-database.js";
import { importCounty } from "./commands/imports/import-county.js";
import { folderSource } from "./commands/imports/sources.js";
import { formatReport, progressBar } from "./commands/imports/progress.js";
import { DomainError } from "./domain/errors.js";

const folder = process.argv[2];
if (!folder || folder.startsWith("-")) {
  console.error("usage: npm run import -- <folder of NY/T 2539 CSVs>");
  process.exit(2);
}
const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(`misconfigured: ${parsed.problems.join("; ")}`);
  process.exit(2);
}
const { client, db } = await openDatabase(parsed.config.DATABASE_URL, parsed.config.DATABASE_AUTH_TOKEN, (l) => console.error(l));
const bar = progressBar(process.stderr);
try {
  const report = await importCounty(
    { db, client, clock: systemClock, ids: createIdFactory(), routed: parsed.config.REGISTRY_COUNTY_DATABASES.length > 0 },
    folderSource(resolve(folder)),
    { actor: "cli:import", onProgress: bar.update },
  );
  bar.done();
  console.log(formatReport(report));
  client.close();
  process.exit(report.status === "refused" ? 1 : 0);
} catch (error) {
  bar.done();
  if (error instanceof DomainError) {
    console.error(`${error.code}: ${error.detail}`);
    client.close();
    process.exit(1);
  }
  throw error;
}
