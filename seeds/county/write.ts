/**
 * Writes `generateCounty` to a folder: one CSV per table (HEADERS), RFC 4180 (src/lib/csv.ts), UTF-8 without a byte
 * order mark, CRLF, through fs write streams that are awaited on backpressure, so the county is never in memory.
 * Bad rows are listed in `bad-rows.json` with their file and 1-based line (line 1 is the header).
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { csvRecord } from "../../src/lib/csv.js";
import { fileOf, generateCounty, HEADERS, TABLES, type BadRow, type CountyOptions, type TableName } from "./generate.js";

export interface BadRowEntry extends BadRow {
  file: string;
  line: number;
}

export interface WriteResult {
  rows: Record<TableName, number>;
  badRows: BadRowEntry[];
}

export async function writeCounty(outDir: string, options: CountyOptions): Promise<WriteResult> {
  mkdirSync(outDir, { recursive: true });
  const streams = {} as Record<TableName, WriteStream>;
  const rows = {} as Record<TableName, number>;
  const badRows: BadRowEntry[] = [];
  const failures: Error[] = [];
  for (const table of TABLES) {
    const stream = createWriteStream(join(outDir, fileOf(table)), { encoding: "utf8" });
    stream.on("error", (e) => failures.push(e));
    streams[table] = stream;
    rows[table] = 0;
    stream.write(csvRecord(HEADERS[table]) + "\r\n");
  }
  try {
    for (const row of generateCounty(options)) {
      if (failures.length > 0) throw failures[0];
      const stream = streams[row.table];
      rows[row.table]++;
      if (row.bad) {
        const { table, ...rest } = row.bad;
        badRows.push({ file: fileOf(table), line: rows[row.table] + 1, table, ...rest });
      }
      if (!stream.write(csvRecord(row.fields) + "\r\n")) await once(stream, "drain");
    }
  } finally {
    await Promise.all(TABLES.map((t) => new Promise<void>((resolve) => streams[t].end(resolve))));
  }
  if (failures.length > 0) throw failures[0];
  if (badRows.length !== (options.badRows ?? 0)) throw new Error(`placed ${badRows.length} bad rows of ${options.badRows}`);
  if (badRows.length > 0) await writeFile(join(outDir, "bad-rows.json"), JSON.stringify(badRows, null, 2) + "\n");
  return { rows, badRows };
}
