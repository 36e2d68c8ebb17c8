/**
 * One file of the package, parsed: its encoding, then batches of staged rows with the bad rows' issues and the keys
 * of refused rows, as plain data (so it can run in a worker thread and be posted back). Pure of the database.
 */
import type { InValue } from "@libsql/client";
import { NYT_HEADERS, type NytTable } from "../../domain/nyt2539.js";
import { createSequentialIdFactory } from "../../lib/ids.js";
import { CsvFileError, openCsv, type Encoding } from "./read-csv.js";
import { missingHeaders, stageRow } from "./stage.js";

export interface FileIssue {
  line: number;
  field: string;
  code: string;
  message: string;
}

export type ParseEvent =
  | { kind: "encoding"; encoding: Encoding }
  | { kind: "rows"; staged: { line: number; values: InValue[] }[]; issues: FileIssue[]; rejected: string[]; count: number }
  | { kind: "done"; count: number };

export interface ParseOptions {
  routed: boolean;
  county: string | null;
  /** Rows per `rows` event. */
  batchRows: number;
}

/** The row field that names a refused row's key, so references to it are not reported again. */
const RAW_KEY: Partial<Record<NytTable, string>> = { collectives: "issuerCode", FBF: "FBFBM", CBF: "CBFBM", CBHT: "CBHTBM", DK: "DKBM" };

export async function* parseFile(table: NytTable, chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  const ids = createSequentialIdFactory();
  let count = 0;
  let batch: Extract<ParseEvent, { kind: "rows" }> = { kind: "rows", staged: [], issues: [], rejected: [], count: 0 };
  const flush = () => {
    const out = batch;
    out.count = count;
    batch = { kind: "rows", staged: [], issues: [], rejected: [], count: 0 };
    return out;
  };
  try {
    const csv = await openCsv(chunks, () => undefined);
    yield { kind: "encoding", encoding: csv.encoding };
    const absent = missingHeaders(table, csv.header);
    if (absent.length > 0) {
      for (const field of absent) batch.issues.push({ line: 1, field, code: "import_header_missing_field", message: `The header has no ${field}; NY/T 2539 names the fields ${NYT_HEADERS[table].join(", ")}.` });
      yield flush();
      yield { kind: "done", count };
      return;
    }
    const width = csv.header.length;
    const rawKey = RAW_KEY[table];
    for await (const row of csv.rows) {
      count++;
      if (row.count !== width) {
        batch.issues.push({ line: row.line, field: "", code: "import_field_count_mismatch", message: `The row has ${row.count} fields; the header has ${width}.` });
        if (rawKey) batch.rejected.push((row.fields[rawKey] ?? "").trim());
      } else {
        const outcome = stageRow(table, row.fields, ids, options.routed);
        // In a county's database only that county's issuers (their codes begin with its 6 digits).
        if (options.county && table === "FBF" && outcome.staged && !outcome.staged.key.startsWith(options.county)) {
          outcome.issues = [{ field: "FBFBM", code: "issuer_outside_county", message: `Issuing party ${outcome.staged.key} lies outside county ${options.county}, whose database this is; import it into its own county.` }];
          delete outcome.staged;
        }
        if (outcome.issues) {
          for (const issue of outcome.issues) batch.issues.push({ line: row.line, ...issue });
          if (rawKey) batch.rejected.push((row.fields[rawKey] ?? "").trim());
        } else {
          // Staged even after a bad row: the cross-references must still see it, so that every bad row is reported
          // in one run (and a row referring to a refused one is not reported twice).
          batch.staged.push({ line: row.line, values: outcome.staged!.values });
        }
      }
      if (batch.staged.length + batch.issues.length >= options.batchRows) yield flush();
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    batch.issues.push({ line: error.line, field: "", code: error.code, message: error.detail });
  }
  yield flush();
  yield { kind: "done", count };
}
