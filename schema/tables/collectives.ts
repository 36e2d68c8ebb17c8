import { sql } from "drizzle-orm";
import { check, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A rural collective economic organization, keyed by its unified social credit code (department N). */
export const collectives = sqliteTable(
  "collectives",
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: text({ enum: ["group", "village", "township"] }).notNull(),
    regionCode: text().notNull(),
    issuerCode: text().notNull().unique(),
    createdAtMs: integer().notNull(),
  },
  () => [
    check("collective_level_known", sql`level IN ('group','village','township')`),
    check("credit_code_not_collective", sql`substr(code, 1, 1) = 'N' AND length(code) = 18`),
    check(
      "credit_code_level_mismatch",
      sql`substr(code, 2, 1) = CASE level WHEN 'group' THEN '1' WHEN 'village' THEN '2' ELSE '3' END`,
    ),
    check("issuer_code_outside_region", sql`length(issuer_code) = 14 AND substr(issuer_code, 1, length(region_code)) = region_code`),
    check(
      "region_code_level_mismatch",
      sql`(level = 'township' AND length(region_code) = 9) OR (level <> 'township' AND length(region_code) = 12)`,
    ),
  ],
);

/** Charter rules, versioned: the version in force on a date decides what happens on that date. */
export const collectiveRules = sqliteTable(
  "collective_rules",
  {
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    version: integer().notNull(),
    effectiveOn: text().notNull(),
    rulesJson: text().notNull(),
    resolutionRef: text(),
    recordedAtMs: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.collectiveCode, t.version] }),
    check("rules_version_positive", sql`version >= 1`),
  ],
);
