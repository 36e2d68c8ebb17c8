import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The directory's index of persons, in a deployment with one database per county: a keyed hash of the identity
 * document (never the number itself) → the counties that hold records of that person. Written after the county's
 * commit and rebuildable from the county databases at any time: a cache, never the record.
 */
export const personIndex = sqliteTable(
  "person_index",
  {
    documentHash: text().notNull(),
    county: text().notNull(),
    personId: text().notNull(),
    indexedAtMs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentHash, t.county] })],
);
