import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, sqliteTable, text, unique, uniqueIndex } from "drizzle-orm/sqlite-core";
import { collectives } from "./collectives.js";
import { households } from "./households.js";

/** A plot (地块). Areas are integers of the smallest unit: 1/10,000 mu and 1/100 m². */
export const plots = sqliteTable(
  "plots",
  {
    plotCode: text().primaryKey(),
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    name: text(),
    areaMuE4: integer("area_mu_e4").notNull(),
    areaM2E2: integer("area_m2_e2"),
    landUse: text().notNull(),
    category: text().notNull(),
    basicFarmland: integer({ mode: "boolean" }).notNull(),
    boundaryEast: text().notNull(),
    boundarySouth: text().notNull(),
    boundaryWest: text().notNull(),
    boundaryNorth: text().notNull(),
    geometryJson: text(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    unique("plots_collective_key").on(t.collectiveCode, t.plotCode),
    check("plot_code_malformed", sql`length(plot_code) = 19`),
    check("area_must_be_positive", sql`area_mu_e4 > 0 AND (area_m2_e2 IS NULL OR area_m2_e2 > 0)`),
    check("land_use_known", sql`land_use IN ('cropping','forestry','livestock','fishery','non-farm')`),
    check("plot_category_known", sql`category IN ('contracted','private','reserved','reclaimed','other')`),
  ],
);

/** A land contract (承包合同); contract, register book and certificate share its 19-character code. */
export const landContracts = sqliteTable(
  "land_contracts",
  {
    contractCode: text().primaryKey(),
    collectiveCode: text().notNull(),
    contractorCode: text().notNull(),
    mode: text({ enum: ["household", "other"] }).notNull(),
    startsOn: text().notNull(),
    endsOn: text().notNull(),
    certificateNo: text(),
    status: text({ enum: ["active", "ended"] }).notNull(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.collectiveCode, t.contractorCode],
      foreignColumns: [households.collectiveCode, households.contractorCode],
      name: "land_contracts_household_fk",
    }),
    unique("land_contracts_collective_key").on(t.collectiveCode, t.contractCode),
    index("land_contracts_contractor").on(t.contractorCode),
    check("contract_code_contractor_mismatch", sql`length(contract_code) = 19 AND substr(contract_code, 1, 18) = contractor_code`),
    check(
      "contract_mode_mismatch",
      sql`(mode = 'household' AND substr(contract_code, 19, 1) = 'J') OR (mode = 'other' AND substr(contract_code, 19, 1) = 'Q')`,
    ),
    check("contract_term_invalid", sql`ends_on > starts_on`),
    check("contract_status_known", sql`status IN ('active','ended')`),
  ],
);

/** Which plots a contract covers. The partial UNIQUE index is "one active contract per plot". */
export const contractPlots = sqliteTable(
  "contract_plots",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    contractCode: text().notNull(),
    plotCode: text().notNull(),
    status: text({ enum: ["active", "ended"] }).notNull(),
    createdAtMs: integer().notNull(),
    endedAtMs: integer(),
  },
  (t) => [
    foreignKey({
      columns: [t.collectiveCode, t.contractCode],
      foreignColumns: [landContracts.collectiveCode, landContracts.contractCode],
      name: "contract_plots_contract_fk",
    }),
    foreignKey({
      columns: [t.collectiveCode, t.plotCode],
      foreignColumns: [plots.collectiveCode, plots.plotCode],
      name: "contract_plots_plot_fk",
    }),
    uniqueIndex("contract_plots_one_active_contract").on(t.plotCode).where(sql`status = 'active'`),
    index("contract_plots_contract").on(t.contractCode),
    check("contract_plot_status_known", sql`status IN ('active','ended')`),
  ],
);
