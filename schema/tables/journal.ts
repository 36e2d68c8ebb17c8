import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The append-only journal. `seq` orders all events of this database; `(stream, streamSeq)` orders the events of
 * one consistency boundary (a collective's code, or `person:<id>` / `token:<id>` for writes outside any
 * collective). The UNIQUE index is also the optimistic lock: a command writes its journal row with the head it
 * read + 1 as the first statement of its batch, so a command that lost a race fails as a whole and retries.
 * Each stream is hash-chained; a trigger refuses a row whose `prev_hash` is not its predecessor's `hash`.
 */
export const journal = sqliteTable(
  "journal",
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    stream: text().notNull(),
    streamSeq: integer().notNull(),
    collectiveCode: text(),
    type: text().notNull(),
    actor: text().notNull(),
    subject: text().notNull(),
    dataJson: text().notNull(),
    recordedAtMs: integer().notNull(),
    /** The hash chain of the stream (src/storage/chain.ts): the previous row's hash, and this row's. */
    prevHash: text(),
    hash: text(),
  },
  (t) => [
    uniqueIndex("journal_stream_seq").on(t.stream, t.streamSeq),
    index("journal_collective").on(t.collectiveCode, t.seq),
    check("stream_seq_positive", sql`stream_seq >= 1`),
  ],
);
