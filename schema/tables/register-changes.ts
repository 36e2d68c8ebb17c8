import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Resolutions of a collective's organs (RCEO Law Arts. 26–28): a members' general meeting (成员大会) or a members'
 * representatives' assembly (成员代表大会). Counts are recorded as given; whether the resolution passed is decided
 * by the statute's numbers (domain/resolutions.ts) and kept with the row; a trigger re-checks it.
 * `matters` lists what it decides (member confirmation, share issuance, rules, term extension, distribution …).
 */
export const resolutions = sqliteTable(
  "resolutions",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    ref: text().notNull(),
    body: text({ enum: ["general-meeting", "representatives-assembly"] }).notNull(),
    heldOn: text().notNull(),
    /** General meeting: members with full civil capacity; assembly: the representatives. */
    eligible: integer().notNull(),
    present: integer().notNull(),
    votesFor: integer().notNull(),
    votesAgainst: integer().notNull(),
    mattersJson: text().notNull(),
    passed: integer({ mode: "boolean" }).notNull(),
    recordedAtMs: integer().notNull(),
    journalSeq: integer().notNull(),
  },
  (t) => [
    uniqueIndex("resolutions_ref").on(t.collectiveCode, t.ref),
    check("resolution_body_known", sql`body IN ('general-meeting','representatives-assembly')`),
    check("resolution_counts_invalid", sql`eligible > 0 AND present >= 0 AND present <= eligible AND votes_for >= 0 AND votes_against >= 0 AND votes_for + votes_against <= present`),
  ],
);

/**
 * Encumbrances on a right: an objection registration (异议登记, Civil Code Art. 220; lapses 15 days after
 * registration unless a lawsuit is recorded), a seizure by court order (查封), a pledge or guarantee (on a management
 * right, RLCL Art. 47, or on shares), and the registration of a management right of 5 years or more (Art. 341).
 * Lapse is computed from the dates at every read and check (China Standard Time); nothing runs in the background.
 */
export const encumbrances = sqliteTable(
  "encumbrances",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    kind: text({ enum: ["objection", "seizure", "pledge", "management-right"] }).notNull(),
    subjectKind: text({ enum: ["plot", "land-contract", "homestead", "equity"] }).notNull(),
    /** A plot code, a contract code, a unit number, or a person id (an equity holding). */
    subject: text().notNull(),
    /** Who asks or holds it: the objector, the court, the pledgee, the management-right holder. */
    party: text().notNull(),
    documentRef: text().notNull(),
    registeredOn: text().notNull(),
    /** The last day it has effect (inclusive); null: until lifted. An objection's is registeredOn + 15 days. */
    effectiveUntil: text(),
    lawsuitRef: text(),
    lawsuitRecordedOn: text(),
    liftedOn: text(),
    liftReason: text(),
    detailJson: text().notNull(),
    recordedAtMs: integer().notNull(),
    journalSeq: integer().notNull(),
  },
  (t) => [
    index("encumbrances_subject").on(t.subjectKind, t.subject),
    index("encumbrances_collective").on(t.collectiveCode, t.kind),
    check("encumbrance_kind_known", sql`kind IN ('objection','seizure','pledge','management-right')`),
    check("encumbrance_subject_known", sql`subject_kind IN ('plot','land-contract','homestead','equity')`),
    check("encumbrance_period_invalid", sql`effective_until IS NULL OR effective_until >= registered_on`),
    check("encumbrance_lift_invalid", sql`(lifted_on IS NULL) = (lift_reason IS NULL) AND (lifted_on IS NULL OR lifted_on >= registered_on)`),
  ],
);

/** A pledgee's recorded consent to one application's transfer of a pledged right. */
export const encumbranceConsents = sqliteTable(
  "encumbrance_consents",
  {
    encumbranceId: text().notNull(),
    applicationId: text().notNull(),
    documentRef: text().notNull(),
    consentedOn: text().notNull(),
    recordedAtMs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.encumbranceId, t.applicationId] })],
);

/**
 * Corrections (更正登记): each registered fact of a plot, homestead or person as the register held it over record
 * time. The current facts stay in their tables; a correction closes the record time of the facts' version and
 * writes the corrected one. Valid time is not touched: a correction says what was always true.
 */
export const factVersions = sqliteTable(
  "fact_versions",
  {
    id: text().primaryKey(),
    collectiveCode: text(),
    entity: text({ enum: ["plot", "homestead", "person"] }).notNull(),
    key: text().notNull(),
    factsJson: text().notNull(),
    recordedFromMs: integer().notNull(),
    recordedToMs: integer(),
    evidenceRef: text(),
    reason: text(),
    journalSeq: integer().notNull(),
  },
  (t) => [
    index("fact_versions_key").on(t.entity, t.key, t.recordedFromMs),
    uniqueIndex("fact_versions_one_current").on(t.entity, t.key).where(sql`recorded_to_ms IS NULL`),
    check("fact_entity_known", sql`entity IN ('plot','homestead','person')`),
  ],
);

/**
 * A bulk extension of contract terms (延包, RLCL Art. 21): a plan for a collective by resolution, publicly noticed
 * for at least 15 days, then applied; each contract's outcome (extended, or held back and why) is kept.
 */
export const extensionPlans = sqliteTable(
  "extension_plans",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    resolutionRef: text().notNull(),
    /** Contracts ending within [windowFrom, windowTo] are in the plan. */
    windowFrom: text().notNull(),
    windowTo: text().notNull(),
    noticeStartsOn: text().notNull(),
    noticeEndsOn: text().notNull(),
    /** Extension periods of grassland and forest land (RLCL Art. 21: 30–50 and 30–70 years); arable land is 30. */
    grasslandYears: integer().notNull().default(30),
    forestYears: integer().notNull().default(30),
    status: text({ enum: ["in-notice", "applied", "cancelled"] }).notNull(),
    appliedOn: text(),
    recordedAtMs: integer().notNull(),
    journalSeq: integer().notNull(),
  },
  (t) => [
    index("extension_plans_collective").on(t.collectiveCode, t.status),
    check("extension_window_invalid", sql`window_to >= window_from`),
    check("extension_notice_too_short", sql`julianday(notice_ends_on) - julianday(notice_starts_on) >= 15`),
    check("extension_status_known", sql`status IN ('in-notice','applied','cancelled') AND ((status = 'applied') = (applied_on IS NOT NULL))`),
  ],
);

export const contractExtensions = sqliteTable(
  "contract_extensions",
  {
    planId: text().notNull(),
    contractCode: text().notNull(),
    collectiveCode: text().notNull(),
    outcome: text({ enum: ["extended", "held-back"] }).notNull(),
    previousEndsOn: text().notNull(),
    newEndsOn: text(),
    reason: text(),
    certificateNo: text(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.contractCode] }),
    index("contract_extensions_contract").on(t.contractCode),
    check("extension_outcome_consistent", sql`(outcome = 'extended') = (new_ends_on IS NOT NULL AND new_ends_on > previous_ends_on) AND (outcome = 'held-back') = (reason IS NOT NULL)`),
  ],
);
