import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Title versions, bitemporal (LADM edition II): who held a plot, a homestead or a holding of shares in law
 * (valid time, legal dates in China Standard Time, `validTo` exclusive: the day the next version begins), and
 * when the register said so (record time, instants in ms). A change never rewrites a version: it closes the record
 * time of the open version (`recordedToMs`, the only column a trigger lets change, once) and records its
 * replacement(s). "Who holds it now" is the version open in both times; the partial UNIQUE index keeps it single.
 *
 * Subjects: a plot code (holder: the contracting household, with its contract), a homestead's unit number
 * (holder: the household, or the collective once withdrawn), an equity account of a collective (a person id or
 * `@collective`; holder: that person or the collective; `sharesE4` the holding, 0 once all is given up).
 */
export const titleVersions = sqliteTable(
  "title_versions",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    kind: text({ enum: ["plot", "homestead", "equity"] }).notNull(),
    subject: text().notNull(),
    holderKind: text({ enum: ["household", "person", "collective"] }).notNull(),
    holder: text().notNull(),
    contractCode: text(),
    sharesE4: integer("shares_e4"),
    act: text({ enum: ["first-registration", "transfer", "withdrawal", "succession", "correction", "household-split", "household-merge"] }).notNull(),
    validFrom: text().notNull(),
    validTo: text(),
    recordedFromMs: integer().notNull(),
    recordedToMs: integer(),
    applicationId: text(),
    journalSeq: integer().notNull(),
    certificateNo: text(),
  },
  (t) => [
    index("title_versions_subject").on(t.kind, t.subject, t.validFrom),
    index("title_versions_holder").on(t.holder, t.kind),
    index("title_versions_collective").on(t.collectiveCode, t.kind, t.validFrom),
    uniqueIndex("title_versions_one_current")
      .on(t.kind, t.collectiveCode, t.subject)
      .where(sql`recorded_to_ms IS NULL AND valid_to IS NULL`),
    check("title_kind_known", sql`kind IN ('plot','homestead','equity')`),
    check("title_act_known", sql`act IN ('first-registration','transfer','withdrawal','succession','correction','household-split','household-merge')`),
    check("title_holder_kind_known", sql`holder_kind IN ('household','person','collective')`),
    check("title_valid_period", sql`valid_to IS NULL OR valid_to >= valid_from`),
    check("title_record_period", sql`recorded_to_ms IS NULL OR recorded_to_ms >= recorded_from_ms`),
    check("holding_must_not_be_negative", sql`(kind = 'equity') = (shares_e4 IS NOT NULL) AND (shares_e4 IS NULL OR shares_e4 >= 0)`),
  ],
);

/**
 * Electronic certificates. Each registration that creates, moves or ends a right issues a certificate for the
 * right's new state and supersedes (or, when the right ends, cancels) the previous one. `payloadJson` is the exact
 * text signed; a trigger keeps it, the signature and the key id unchangeable, and lets the status move only
 * valid → superseded / cancelled. One valid certificate per right (partial UNIQUE).
 */
export const certificates = sqliteTable(
  "certificates",
  {
    certificateNo: text().primaryKey(),
    collectiveCode: text().notNull(),
    kind: text({ enum: ["land-contract", "homestead", "equity"] }).notNull(),
    /** The right: a contract code, a unit number, or an equity account (person id or `@collective`). */
    subject: text().notNull(),
    holderKind: text({ enum: ["household", "person", "collective"] }).notNull(),
    holder: text().notNull(),
    status: text({ enum: ["valid", "superseded", "cancelled"] }).notNull(),
    issuedOn: text().notNull(),
    issuedAtMs: integer().notNull(),
    journalSeq: integer().notNull(),
    payloadJson: text().notNull(),
    signature: text().notNull(),
    keyId: text().notNull(),
    supersededBy: text(),
    endedOn: text(),
    endedAtMs: integer(),
  },
  (t) => [
    uniqueIndex("certificates_one_valid").on(t.kind, t.collectiveCode, t.subject).where(sql`status = 'valid'`),
    index("certificates_subject").on(t.kind, t.subject),
    index("certificates_holder").on(t.holder),
    // The next equity certificate number counts the collective's equity certificates: an index range, not a scan of the county's.
    index("certificates_collective").on(t.collectiveCode, t.kind),
    check("certificate_kind_known", sql`kind IN ('land-contract','homestead','equity')`),
    check("certificate_status_known", sql`status IN ('valid','superseded','cancelled')`),
    check("certificate_end_recorded", sql`(status = 'valid') = (ended_on IS NULL) AND (status = 'superseded') = (superseded_by IS NOT NULL)`),
  ],
);

/**
 * Who searched the register, for what, and why (the registration regulations require a stated purpose). Kept
 * apart from the register's journal, append-only (trigger). An ID number is stored only as its keyed hash.
 */
export const accessLog = sqliteTable(
  "access_log",
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    atMs: integer().notNull(),
    tokenId: text().notNull(),
    role: text().notNull(),
    scope: text(),
    purpose: text().notNull(),
    queryKind: text({ enum: ["idNumber", "plotCode", "unitNumber", "certificateNo"] }).notNull(),
    /** The plot code, unit number or certificate number searched; for an ID number, its keyed hash. */
    queryValue: text().notNull(),
    results: integer().notNull(),
  },
  (t) => [
    index("access_log_token").on(t.tokenId, t.atMs),
    index("access_log_query").on(t.queryValue),
    check("access_purpose_required", sql`length(trim(purpose)) >= 2`),
    check("access_query_kind_known", sql`query_kind IN ('idNumber','plotCode','unitNumber','certificateNo')`),
  ],
);
