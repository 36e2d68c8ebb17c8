import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { collectives } from "./collectives.js";

/**
 * Transfer (自愿有偿转让) and withdrawal (自愿有偿退出) applications, as workflows. An open application reserves its
 * subject: its shares (equity_holdings.reserved_e4, kept equal to the open applications by a trigger), its plots
 * (application_plots, one open reservation per plot) or its homestead (one open application per unit number).
 */
export const OPEN = `('pending-consent','in-notice','objected','approved')`;

export const applications = sqliteTable(
  "applications",
  {
    id: text().primaryKey(),
    kind: text({ enum: ["transfer", "withdrawal"] }).notNull(),
    subject: text({ enum: ["equity", "land-contract", "homestead"] }).notNull(),
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    status: text({ enum: ["pending-consent", "in-notice", "objected", "approved", "registered", "rejected", "cancelled"] }).notNull(),
    applicantPersonId: text().notNull(),
    fromPersonId: text(),
    fromContractorCode: text(),
    toPersonId: text(),
    toContractorCode: text(),
    sharesE4: integer("shares_e4"),
    unitNumber: text(),
    amountFen: integer().notNull(),
    agreementSignedOn: text().notNull(),
    writtenNoticeOn: text(),
    /** Co-holders of the giving household, other than its representative, whose consent the application needs. */
    requiredConsentsJson: text().notNull().default("[]"),
    noticeStartsOn: text(),
    noticeEndsOn: text(),
    resolutionRef: text(),
    decidedOn: text(),
    closingReason: text(),
    paidOn: text(),
    paymentReference: text(),
    registeredOn: text(),
    createdAtMs: integer().notNull(),
    updatedAtMs: integer().notNull(),
  },
  (t) => [
    index("applications_collective_status").on(t.collectiveCode, t.status),
    index("applications_from_person").on(t.fromPersonId, t.status),
    uniqueIndex("applications_one_open_per_homestead").on(t.unitNumber).where(sql.raw(`unit_number IS NOT NULL AND status IN ${OPEN}`)),
    check(
      "application_status_known",
      sql`status IN ('pending-consent','in-notice','objected','approved','registered','rejected','cancelled')`,
    ),
    check("amount_must_not_be_negative", sql`amount_fen >= 0`),
    check(
      "application_subject_complete",
      sql`(subject = 'equity' AND from_person_id IS NOT NULL AND shares_e4 > 0 AND from_contractor_code IS NULL AND unit_number IS NULL AND (kind = 'withdrawal' OR to_person_id IS NOT NULL))
       OR (subject = 'land-contract' AND from_contractor_code IS NOT NULL AND from_person_id IS NULL AND shares_e4 IS NULL AND unit_number IS NULL AND (kind = 'withdrawal' OR to_contractor_code IS NOT NULL))
       OR (subject = 'homestead' AND from_contractor_code IS NOT NULL AND unit_number IS NOT NULL AND from_person_id IS NULL AND shares_e4 IS NULL AND (kind = 'withdrawal' OR to_contractor_code IS NOT NULL))`,
    ),
    check("withdrawal_has_no_receiver", sql`kind = 'transfer' OR (to_person_id IS NULL AND to_contractor_code IS NULL)`),
    check("holders_must_be_different", sql`(to_person_id IS NULL OR to_person_id <> from_person_id) AND (to_contractor_code IS NULL OR to_contractor_code <> from_contractor_code)`),
    check("registration_needs_payment", sql`status <> 'registered' OR (paid_on IS NOT NULL AND registered_on IS NOT NULL AND decided_on IS NOT NULL)`),
  ],
);

/** Plots reserved by an application; the partial UNIQUE index lets a plot be in one open application only. */
export const applicationPlots = sqliteTable(
  "application_plots",
  {
    applicationId: text()
      .notNull()
      .references(() => applications.id),
    plotCode: text().notNull(),
    open: integer({ mode: "boolean" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.plotCode] }),
    uniqueIndex("application_plots_one_open_reservation").on(t.plotCode).where(sql`open = 1`),
  ],
);

export const applicationConsents = sqliteTable(
  "application_consents",
  {
    applicationId: text()
      .notNull()
      .references(() => applications.id),
    personId: text().notNull(),
    via: text({ enum: ["holder", "written"] }).notNull(),
    recordedBy: text().notNull(),
    consentedAtMs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.personId] })],
);

export const applicationObjections = sqliteTable(
  "application_objections",
  {
    id: text().primaryKey(),
    applicationId: text()
      .notNull()
      .references(() => applications.id),
    objectorName: text().notNull(),
    grounds: text().notNull(),
    status: text({ enum: ["open", "dismissed", "upheld"] }).notNull(),
    resolutionNote: text(),
    lodgedAtMs: integer().notNull(),
    resolvedAtMs: integer(),
  },
  (t) => [
    index("application_objections_application").on(t.applicationId),
    check("objection_status_known", sql`status IN ('open','dismissed','upheld')`),
  ],
);

/** Exactly-once POSTs: the answer to a key, written in the same batch as the change it answers. */
export const idempotencyKeys = sqliteTable("idempotency_keys", {
  key: text().primaryKey(),
  actor: text().notNull(),
  requestHash: text().notNull(),
  status: integer().notNull(),
  responseJson: text().notNull(),
  createdAtMs: integer().notNull(),
});
