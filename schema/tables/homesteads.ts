import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { households } from "./households.js";

/**
 * A homestead use right (宅基地使用权), keyed by its 28-character real-estate unit number (zone code JC).
 * `maxAreaM2E2` is the charter cap in force on the approval date, kept with the row so that the database
 * re-checks the cap without reading the rules. Annotations (附记) are a JSON array of {code, text}.
 */
export const homesteads = sqliteTable(
  "homesteads",
  {
    unitNumber: text().primaryKey(),
    collectiveCode: text().notNull(),
    contractorCode: text().notNull(),
    areaM2E2: integer("area_m2_e2").notNull(),
    maxAreaM2E2: integer("max_area_m2_e2"),
    approvedOn: text().notNull(),
    origin: text({ enum: ["grant", "existing"] }).notNull(),
    approvalRef: text(),
    annotationsJson: text().notNull(),
    status: text({ enum: ["active", "cancelled"] }).notNull(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.collectiveCode, t.contractorCode],
      foreignColumns: [households.collectiveCode, households.contractorCode],
      name: "homesteads_household_fk",
    }),
    uniqueIndex("homesteads_one_grant_per_household")
      .on(t.contractorCode)
      .where(sql`origin = 'grant' AND status = 'active'`),
    index("homesteads_household").on(t.contractorCode),
    check("unit_number_not_homestead", sql`length(unit_number) = 28 AND substr(unit_number, 13, 2) = 'JC'`),
    check("area_must_be_positive", sql`area_m2_e2 > 0`),
    check("homestead_origin_known", sql`origin IN ('grant','existing')`),
    check("homestead_status_known", sql`status IN ('active','cancelled')`),
    check("homestead_area_exceeds_cap", sql`origin <> 'grant' OR max_area_m2_e2 IS NULL OR area_m2_e2 <= max_area_m2_e2`),
    check(
      "homestead_annotation_required",
      sql`max_area_m2_e2 IS NULL OR area_m2_e2 <= max_area_m2_e2 OR annotations_json LIKE '%"over-area"%'`,
    ),
  ],
);
