import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Bearer tokens, stored only as SHA-256 hashes. The CHECK ties each role to exactly its scope. */
export const tokens = sqliteTable(
  "tokens",
  {
    id: text().primaryKey(),
    tokenHash: text().notNull().unique(),
    role: text({ enum: ["admin", "registrar", "bureau", "holder"] }).notNull(),
    collectiveCode: text(),
    regionPrefix: text(),
    personId: text(),
    label: text(),
    createdBy: text(),
    createdAtMs: integer().notNull(),
    revokedAtMs: integer(),
  },
  () => [
    check(
      "token_scope_matches_role",
      sql`(role = 'admin' AND collective_code IS NULL AND region_prefix IS NULL AND person_id IS NULL)
       OR (role = 'registrar' AND collective_code IS NOT NULL AND region_prefix IS NULL AND person_id IS NULL)
       OR (role = 'bureau' AND region_prefix IS NOT NULL AND length(region_prefix) IN (2,4,6,9,12) AND collective_code IS NULL AND person_id IS NULL)
       OR (role = 'holder' AND person_id IS NOT NULL AND region_prefix IS NULL)`,
    ),
  ],
);
