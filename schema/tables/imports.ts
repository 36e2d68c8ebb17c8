import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * County imports of land-confirmation data (NY/T 2539-2016 tables, issue 8). One row per run: what it read,
 * what it found wrong, what it made live. A run stages its rows (the `import_stage_*` tables of migration 0019),
 * validates them there, and makes them live in one final batch of INSERT … SELECT, or writes nothing.
 */
export const imports = sqliteTable(
  "imports",
  {
    id: text().primaryKey(),
    status: text({ enum: ["running", "completed", "unchanged", "refused", "failed"] }).notNull(),
    /** SHA-256 over the files' names and bytes: the same package again is recognised before any row is read. */
    sourceDigest: text(),
    actor: text().notNull(),
    startedAtMs: integer().notNull(),
    /** Moved forward while a run is alive; a lock whose run stopped beating for 10 minutes may be taken over. */
    heartbeatAtMs: integer().notNull(),
    finishedAtMs: integer(),
    /** The report (counts, created, bad rows) as JSON once the run ends. */
    reportJson: text(),
  },
  (t) => [
    index("imports_digest").on(t.sourceDigest, t.status),
    check("import_status_known", sql`status IN ('running','completed','unchanged','refused','failed')`),
  ],
);

/**
 * While an import runs, the collectives it touches take no other write: a journal trigger (migration 0019) refuses
 * every journal row of a locked collective but the import's own, and every write begins with its journal row.
 */
export const importLocks = sqliteTable("import_locks", {
  collectiveCode: text().primaryKey(),
  importId: text().notNull(),
  acquiredAtMs: integer().notNull(),
});

/**
 * Each imported NY/T 2539 row: its key, a digest of its fields (so a second import of the same row changes
 * nothing and a different row under the same key is a conflict), and the fields the registry does not model
 * (survey metadata, notice columns, or a modelled field whose text the registry would write differently), so the
 * export gives the row back as it came.
 */
export const importRecords = sqliteTable(
  "import_records",
  {
    tableName: text().notNull(),
    recordKey: text().notNull(),
    collectiveCode: text().notNull(),
    importId: text().notNull(),
    digest: text().notNull(),
    keptJson: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.recordKey] }), index("import_records_collective").on(t.collectiveCode, t.tableName)],
);
