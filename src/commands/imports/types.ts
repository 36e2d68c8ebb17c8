/**
 * The county import's contract (issue 8): where the CSVs come from, how progress is told, what the report says.
 * Node only: a county import streams files and runs for minutes, which is not a Worker's job.
 */
import type { Client } from "@libsql/client";
import type { Clock } from "../../lib/clock.js";
import type { IdFactory } from "../../lib/ids.js";
import type { Db } from "../../storage/db.js";

/** NY/T 2539-2016 tables the import reads (domain.md §3.1), plus `collectives.csv` (issuer → credit code). */
export const IMPORT_TABLES = ["collectives", "FBF", "CBF", "CBF_JTCY", "CBHT", "CBDKXX", "DK", "CBJYQZ"] as const;
export type ImportTable = (typeof IMPORT_TABLES)[number];

/** The package: one CSV per table, found by name (`CBF.csv`, case-insensitive); `collectives.csv` optional. */
export interface ImportSource {
  /** File names present (base names, e.g. `CBF.csv`). */
  list(): Promise<string[]>;
  /** Size in bytes, for progress. */
  size(name: string): Promise<number>;
  /** The file's bytes, streamed (never the whole file in memory). */
  open(name: string): AsyncIterable<Uint8Array>;
}

export interface ImportDeps {
  db: Db;
  /** The same database's libSQL client: staging uses raw multi-row INSERT batches (stack-notes #5). */
  client: Client;
  clock: Clock;
  ids: IdFactory;
  /** One database per county: person ids carry the county (`prs_371083_…`). */
  routed?: boolean;
  /** The county whose database this is (6 digits): every issuer of the package must lie in it. */
  county?: string | null;
}

export interface ImportProgress {
  phase: "reading" | "validating" | "promoting" | "done";
  /** Rows read so far (all files). */
  rows: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSecond: number;
  /** Estimated seconds left of the reading phase (null until it can be estimated). */
  secondsLeft: number | null;
}

/** One bad row: where it is and which rule it breaks. ID numbers never appear in `message`. */
export interface ImportIssue {
  file: string;
  /** 1-based line of the CSV (line 1 is the header); 0 for a problem with the file itself. */
  line: number;
  field: string;
  code: string;
  message: string;
}

export interface ImportReport {
  importId: string;
  /** completed: made live; unchanged: everything was imported before; refused: bad rows, nothing written. */
  status: "completed" | "unchanged" | "refused";
  /** Rows read per table. */
  rows: Partial<Record<ImportTable, number>>;
  /** Records made live by this run. */
  created: { collectives: number; persons: number; memberships: number; households: number; plots: number; contracts: number };
  /** Rows identical to rows imported before: left as they are. */
  unchangedRows: number;
  /** Encoding found per file (`UTF-8`, `GB18030`). */
  encodings: Record<string, string>;
  errors: ImportIssue[];
  /** Total bad rows found; `errors` lists at most the first 1,000. */
  errorCount: number;
  startedAtMs: number;
  durationMs: number;
}

export interface ImportOptions {
  /** The token id (journal actor) of who runs it. */
  actor: string;
  onProgress?: (progress: ImportProgress) => void;
  /** The run's id (the job id of POST /v1/imports); default a new `imp_` id. */
  importId?: string;
  /** Rows per staging batch statement (default 500). */
  chunkRows?: number;
  /** Parse on this thread (true) or in a worker thread (false); default: a worker for files of 4 MB and more. */
  parseInline?: boolean;
}
