/**
 * Item 1's bare baseline, the limit of the driver: the rows of the same synthetic county (generateCounty, same
 * households and seed, so exactly the CSV data rows the import reads) inserted into plain tables of the same width
 * (one per NY/T 2539 file, one TEXT column per CSV field, no index, no constraint) of a fresh database opened as the
 * server opens one (src/open-database.ts: production pragmas, migrations): raw multi-row INSERTs of 500 rows, 20 per client.batch
 * (one write transaction each). Only the time inside client.batch is counted: generating the rows is not the driver.
 *
 * At most `maxRows` rows, the first ones of the county's stream (households in order, every file interleaved as
 * generated): @libsql/client 0.18 keeps ~1.5 KB of native memory per row sent as a statement (measured; freed by no
 * gc(), checkpoint or close; INSERT … SELECT does not), so all 5.5 M rows of a 300,000-household county would
 * need ~8 GB. Appending to tables without indexes goes at the same rate whatever number of rows came before.
 *
 *   npx tsx bench/scale/bare-insert.ts <db file> <households> <seed> <maxRows>      → one JSON line
 */
import type { InStatement, InValue } from "@libsql/client";
import { generateCounty, HEADERS, TABLES, type TableName } from "../../seeds/county/generate.js";
import { durability, openLikeServer, peakRssBytes } from "./common.js";

const ROWS_PER_INSERT = 500;
const INSERTS_PER_BATCH = 20;

const [file, householdsText, seedText, maxRowsText] = process.argv.slice(2);
if (!file || !householdsText) throw new Error("usage: bare-insert.ts <db file> <households> <seed> [maxRows]");
const maxRows = maxRowsText ? Number(maxRowsText) : Infinity;
const { client } = await openLikeServer(file);
const settings = await durability(client);
for (const table of TABLES) {
  await client.execute(`CREATE TABLE bare_${table} (${HEADERS[table].map((h) => `"${h}" TEXT`).join(", ")})`);
}

const wall = performance.now();
let insertMs = 0;
let rows = 0;
const buffers = new Map<TableName, InValue[][]>(TABLES.map((t) => [t, []]));
let pending: InStatement[] = [];
const statement = (table: TableName, part: InValue[][]): InStatement => {
  const one = "(" + HEADERS[table].map(() => "?").join(",") + ")";
  return { sql: `INSERT INTO bare_${table} VALUES ${new Array(part.length).fill(one).join(",")}`, args: part.flat() };
};
const flush = async () => {
  if (pending.length === 0) return;
  const t = performance.now();
  await client.batch(pending, "write");
  insertMs += performance.now() - t;
  pending = [];
};
for (const row of generateCounty({ households: Number(householdsText), seed: Number(seedText ?? 1) })) {
  if (rows === maxRows) break;
  const buffer = buffers.get(row.table)!;
  buffer.push(row.fields);
  rows++;
  if (buffer.length === ROWS_PER_INSERT) {
    pending.push(statement(row.table, buffer));
    buffers.set(row.table, []);
    if (pending.length === INSERTS_PER_BATCH) await flush();
  }
}
for (const [table, buffer] of buffers) if (buffer.length > 0) pending.push(statement(table, buffer));
await flush();
const counted = (
  await Promise.all(TABLES.map(async (t) => Number((await client.execute(`SELECT COUNT(*) FROM bare_${t}`)).rows[0]![0])))
).reduce((a, b) => a + b, 0);
if (counted !== rows) throw new Error(`inserted ${rows} rows but the tables hold ${counted}`);
client.close();
console.log(JSON.stringify({ rows, insertSeconds: insertMs / 1000, wallSeconds: (performance.now() - wall) / 1000, peakRssBytes: peakRssBytes(), durability: settings }));
