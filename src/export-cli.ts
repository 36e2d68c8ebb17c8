/**
 * npm run export -- <folder> [--collective CODE]
 *
 * Exports the register of the database of DATABASE_URL (as `npm start` and `npm run import` use it) as NY/T
 * 2539-2016 tables, for the county platform and other departments: FBF.csv, CBF.csv, CBF_JTCY.csv, CBHT.csv,
 * CBDKXX.csv, DK.csv, CBJYQZ.csv and collectives.csv in <folder>, UTF-8, CRLF. Fields the registry does not model
 * come back as they were imported. `--collective` (a credit code) exports one collective. Prints the rows per table.
 * Exit 0: written; 1: no such collective; 2: usage or configuration.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const usage = "usage: npm run export -- <folder> [--collective CODE]";
let args;
try {
  args = parseArgs({ options: { collective: { type: "string" } }, allowPositionals: true, strict: true });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const folder = args.positionals[0];
if (!folder || args.positionals.length > 1 || (args.values.collective !== undefined && !/^[0-9A-Z]{18}$/i.test(args.values.collective))) {
  console.error(usage);
  process.exit(2);
}
// The database modules are loaded once the arguments are known good (a usage error answers at once).
const [{ parseEnv }, { openDatabase }, { exportToFolder }, { DomainError }] = await Promise.all([
  import("./env.js"),
  import("./open-database.js"),
  import("./commands/exports/export-nyt.js"),
  import("./domain/errors.js"),
]);
const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(`misconfigured: ${parsed.problems.join("; ")}`);
  process.exit(2);
}
const { client } = await openDatabase(parsed.config.DATABASE_URL, parsed.config.DATABASE_AUTH_TOKEN, (l) => console.error(l));
const started = performance.now();
try {
  const counts = await exportToFolder(client, resolve(folder), { collective: args.values.collective?.toUpperCase() });
  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${folder}: ${total} rows in ${seconds.toFixed(1)} s`);
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(12)} ${n}`);
  client.close();
} catch (error) {
  client.close();
  if (error instanceof DomainError) {
    console.error(`${error.code}: ${error.detail}`);
    process.exit(1);
  }
  throw error;
}
