import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Registrations of contracts and homesteads: every version, with the act that made it (first registration,
 * transfer out or in, withdrawal) and the certificate serial issued for it. The current certificate of a contract
 * or homestead is its latest version's.
 */
export const rightRegistrations = sqliteTable(
  "right_registrations",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    rightKind: text({ enum: ["land-contract", "homestead"] }).notNull(),
    rightCode: text().notNull(),
    version: integer().notNull(),
    act: text().notNull(),
    contractorCode: text(),
    plotCodesJson: text(),
    certificateSerial: text(),
    effectiveOn: text().notNull(),
    applicationId: text(),
    journalSeq: integer().notNull(),
    recordedAtMs: integer().notNull(),
  },
  (t) => [
    uniqueIndex("right_registrations_version").on(t.rightKind, t.rightCode, t.version),
    index("right_registrations_contractor").on(t.contractorCode),
    check("registration_act_known", sql`act IN ('first','transfer-in','transfer-out','withdrawal','cancellation','correction','member-change','household-split','household-merge','term-extension')`),
    check("registration_version_positive", sql`version >= 1`),
  ],
);

/** Circulation of the management right (土地经营权流转): a filing; the contract right stays with the household. */
export const managementRights = sqliteTable(
  "management_rights",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    plotCode: text().notNull(),
    contractCode: text().notNull(),
    kind: text({ enum: ["lease", "sublease", "shares", "other"] }).notNull(),
    transfereeName: text().notNull(),
    transfereePersonId: text(),
    transfereeCreditCode: text(),
    startsOn: text().notNull(),
    endsOn: text().notNull(),
    annualRentFen: integer().notNull(),
    contractRef: text(),
    status: text({ enum: ["active", "ended"] }).notNull(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    index("management_rights_plot").on(t.plotCode, t.startsOn),
    check("management_term_invalid", sql`ends_on > starts_on`),
    check("rent_must_not_be_negative", sql`annual_rent_fen >= 0`),
    check("management_kind_known", sql`kind IN ('lease','sublease','shares','other')`),
  ],
);
