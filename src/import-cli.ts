/**
 * npm run import -- <folder> [--county 371083]
 *
 * Imports a county's land-confirmation data (NY/T 2539-2016 CSVs: FBF, CBF, CBF_JTCY, CBHT, CBDKXX, DK, CBJYQZ, and
 * collectives.csv for issuers not yet registered) into the database of DATABASE_URL, as `npm start` uses it; with one
 * database per county (REGISTRY_COUNTY_DATABASES), `--county` names the county and its database is the target.
 * Shows a progress bar (rows/s, time left) on stderr; prints the report. Exit 0: imported or unchanged; 1: refused
 * (the report lists every bad row: file, line, field, rule code, message); 2: usage or configuration.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "./env.js";
import { systemClock } from "./lib/clock.js";
import { createIdFactory } from "./lib/ids.js";
import { openDatabase } from "./open-database.js";
import { importCounty } from "./commands/imports/import-county.js";
import { folderSource } from "./commands/imports/sources.js";
import { formatReport, progressBar } from "./commands/imports/progress.js";
import { DomainError } from "./domain/errors.js";

const usage = "usage: npm run import -- <folder of NY/T 2539 CSVs> [--county <6-digit county code>]";
const { values, positionals } = parseArgs({ options: { county: { type: "string" } }, allowPositionals: true, strict: true });
const folder = positionals[0];
if (!folder || positionals.length > 1 || (values.county !== undefined && !/^\d{6}$/.test(values.county))) {
  console.error(usage);
  process.exit(2);
}
const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(`misconfigured: ${parsed.problems.join("; ")}`);
  process.exit(2);
}
const routes = parsed.config.REGISTRY_COUNTY_DATABASES;
// The county's own database when one is configured for it (the longest matching region prefix), else DATABASE_URL.
const route = values.county ? routes.filter((r) => values.county!.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0] : undefined;
if (routes.length > 0 && !route) {
  console.error(`With REGISTRY_COUNTY_DATABASES set, --county must name a county with its own database.\n${usage}`);
  process.exit(2);
}
const { client, db } = await openDatabase(route?.url ?? parsed.config.DATABASE_URL, route ? route.authToken : parsed.config.DATABASE_AUTH_TOKEN, (l) => console.error(l));
const bar = progressBar(process.stderr);
try {
  const report = await importCounty(
    { db, client, clock: systemClock, ids: createIdFactory(), routed: routes.length > 0, county: values.county ?? null },
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
