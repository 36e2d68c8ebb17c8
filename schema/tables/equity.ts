import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { collectives } from "./collectives.js";

/**
 * The equity ledger of a collective, double-entry: every entry moves `sharesE4` (1/10,000 share) from a debit
 * account to a credit account, so the balances of all accounts of a collective always sum to zero. Accounts are
 * a person id, `@collective` (the collective's own holding) or `@issued` (the source: its balance is minus the
 * shares issued). Entries are append-only (trigger); `equity_holdings` is a cache of balances that triggers keep
 * equal to the ledger, so "Σ holdings = issued" and "no negative holding" hold for any write path.
 */
export const equityEntries = sqliteTable(
  "equity_entries",
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    journalSeq: integer().notNull(),
    kind: text().notNull(),
    debitAccount: text().notNull(),
    creditAccount: text().notNull(),
    shareClass: text(),
    sharesE4: integer("shares_e4").notNull(),
    recordedAtMs: integer().notNull(),
  },
  (t) => [
    index("equity_entries_debit").on(t.collectiveCode, t.debitAccount),
    index("equity_entries_credit").on(t.collectiveCode, t.creditAccount),
    check("shares_must_be_positive", sql`shares_e4 > 0`),
    check("accounts_must_be_different", sql`debit_account <> credit_account`),
    check("share_class_known", sql`share_class IS NULL OR share_class IN ('population','seniority','other')`),
    check("issued_account_only_issues", sql`(debit_account = '@issued') = (kind = 'issuance') AND credit_account <> '@issued'`),
  ],
);

export const equityHoldings = sqliteTable(
  "equity_holdings",
  {
    collectiveCode: text().notNull(),
    account: text().notNull(),
    sharesE4: integer("shares_e4").notNull(),
    reservedE4: integer("reserved_e4").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.collectiveCode, t.account] }),
    // A person's holdings across collectives (GET /v1/persons/{id}/rights): without it, a scan of the county.
    index("equity_holdings_account").on(t.account),
    check("holding_must_not_be_negative", sql`account = '@issued' OR shares_e4 >= 0`),
    check("reserved_must_be_covered", sql`reserved_e4 >= 0 AND (account = '@issued' OR reserved_e4 <= shares_e4)`),
  ],
);
