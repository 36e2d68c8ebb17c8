import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";

/**
 * Reads the journal for verification (src/commands/journal/verify-journal.ts), one page at a time in (stream,
 * stream_seq) order along the UNIQUE index, so that a county's journal never loads at once. Raw SQL on purpose:
 * a tampered row may hold any type in any column, and every value must reach the verifier as stored. The only
 * exception are integers beyond 2^53, which a JS number cannot hold (the libSQL client would throw): they come
 * back as text, so the row is unreadable rather than the request failing.
 */
export type ChainScope = { kind: "all" } | { kind: "stream"; stream: string } | { kind: "region"; regionPrefix: string };

export interface StoredChainRow {
  /** The global `seq` as text: exact, and the cursor of the next page. */
  seqKey: string;
  stream: unknown;
  streamSeq: unknown;
  collectiveCode: unknown;
  type: unknown;
  actor: unknown;
  subject: unknown;
  dataJson: unknown;
  recordedAtMs: unknown;
  prevHash: unknown;
  hash: unknown;
}

export const CHAIN_PAGE_ROWS = 1000;

const safeInteger = (column: string) =>
  sql.raw(`CASE WHEN typeof(${column}) = 'integer' AND ${column} NOT BETWEEN -9007199254740991 AND 9007199254740991 THEN 'out of range' ELSE ${column} END`);

export async function journalChainPage(db: Db, scope: ChainScope, after: string | null, limit = CHAIN_PAGE_ROWS): Promise<StoredChainRow[]> {
  if (after === null) return selectChainRows(db, scopeConditions(scope), limit);
  // Keyset paging by the previous page's last row, named by its seq (an INTEGER PRIMARY KEY: always readable):
  // first the rest of its stream, then the streams after it. Each is one range of the UNIQUE (stream, stream_seq)
  // index; a row-value comparison `(stream, stream_seq) > (…)` would re-scan the stream's head on every page.
  const cursor = sql`(SELECT stream FROM journal WHERE seq = CAST(${after} AS INTEGER))`;
  const sameStream = await selectChainRows(
    db,
    [...scopeConditions(scope), sql`stream = ${cursor}`, sql`stream_seq > (SELECT stream_seq FROM journal WHERE seq = CAST(${after} AS INTEGER))`],
    limit,
  );
  if (sameStream.length === limit || scope.kind === "stream") return sameStream;
  const nextStreams = await selectChainRows(db, [...scopeConditions(scope), sql`stream > ${cursor}`], limit - sameStream.length);
  return [...sameStream, ...nextStreams];
}

function scopeConditions(scope: ChainScope): SQL[] {
  if (scope.kind === "stream") return [sql`stream = ${scope.stream}`];
  if (scope.kind === "region") return [sql`stream IN (SELECT code FROM collectives WHERE region_code LIKE ${`${scope.regionPrefix}%`})`];
  return [];
}

async function selectChainRows(db: Db, conditions: SQL[], limit: number): Promise<StoredChainRow[]> {
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT CAST(seq AS TEXT) AS seq_key, stream, ${safeInteger("stream_seq")} AS stream_seq_value, collective_code, type, actor,
      subject, data_json, ${safeInteger("recorded_at_ms")} AS recorded_at_ms_value, prev_hash, hash
    FROM journal ${where}
    ORDER BY stream, stream_seq
    LIMIT ${limit}`);
  return rows.map((r) => ({
    seqKey: String(r.seq_key),
    stream: r.stream,
    streamSeq: r.stream_seq_value,
    collectiveCode: r.collective_code,
    type: r.type,
    actor: r.actor,
    subject: r.subject,
    dataJson: r.data_json,
    recordedAtMs: r.recorded_at_ms_value,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** The collectives whose streams the scope covers: each must have a stream, and names it. */
export async function collectiveCodesInScope(db: Db, scope: ChainScope): Promise<string[]> {
  const where =
    scope.kind === "stream" ? sql`WHERE code = ${scope.stream}` : scope.kind === "region" ? sql`WHERE region_code LIKE ${`${scope.regionPrefix}%`}` : sql``;
  const rows = await db.all<{ code: string }>(sql`SELECT code FROM collectives ${where} ORDER BY code`);
  return rows.map((r) => String(r.code));
}
