import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A collective income distribution (收益分配, RCEO Law Art. 42): the year's net income, less the reserve and
 * welfare fund, paid out by shares held at the end of the record date. Computed once and never recomputed; a
 * trigger refuses the distribution row unless its lines, written before it in the same batch, add up to the
 * distributable amount to the fen — and refuses any line written after it.
 */
export const distributions = sqliteTable(
  "distributions",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    recordDate: text().notNull(),
    netIncomeFen: integer().notNull(),
    /** Percent with at most 2 decimals, as hundredths of a percent (12.5% = 1250). */
    reserveBasisPoints: integer().notNull(),
    reserveFen: integer().notNull(),
    distributableFen: integer().notNull(),
    totalSharesE4: integer("total_shares_e4").notNull(),
    description: text().notNull(),
    resolutionRef: text().notNull(),
    createdAtMs: integer().notNull(),
    journalSeq: integer().notNull(),
  },
  (t) => [
    uniqueIndex("distributions_once_per_resolution").on(t.collectiveCode, t.recordDate, t.resolutionRef),
    index("distributions_collective").on(t.collectiveCode, t.recordDate),
    check("net_income_must_be_positive", sql`net_income_fen > 0`),
    check("reserve_percent_invalid", sql`reserve_basis_points BETWEEN 0 AND 10000`),
    check("distribution_amounts_inconsistent", sql`reserve_fen >= 0 AND distributable_fen >= 0 AND reserve_fen + distributable_fen = net_income_fen`),
    check("shares_must_be_positive", sql`total_shares_e4 > 0`),
  ],
);

/** One holder's line of a distribution; paid once, for its full amount. */
export const distributionLines = sqliteTable(
  "distribution_lines",
  {
    distributionId: text().notNull(),
    lineNo: integer().notNull(),
    collectiveCode: text().notNull(),
    holderKind: text({ enum: ["person", "collective"] }).notNull(),
    personId: text(),
    sharesE4: integer("shares_e4").notNull(),
    amountFen: integer().notNull(),
    paidOn: text(),
    paymentRef: text(),
    paidAtMs: integer(),
    paymentJournalSeq: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.distributionId, t.lineNo] }),
    uniqueIndex("distribution_lines_one_per_person").on(t.distributionId, t.personId).where(sql`holder_kind = 'person'`),
    uniqueIndex("distribution_lines_one_collective_line").on(t.distributionId).where(sql`holder_kind = 'collective'`),
    index("distribution_lines_person").on(t.personId),
    check("distribution_holder_known", sql`(holder_kind = 'person') = (person_id IS NOT NULL) AND holder_kind IN ('person','collective')`),
    check("shares_must_be_positive", sql`shares_e4 > 0`),
    check("amount_must_not_be_negative", sql`amount_fen >= 0`),
    check("payment_recorded_whole", sql`(paid_on IS NULL) = (payment_ref IS NULL) AND (paid_on IS NULL) = (paid_at_ms IS NULL)`),
  ],
);
