-- Rules that protect rights, stated a second time in the database so that no code path can break them.
-- Each RAISE message is the rule's code, the same code the domain layer uses.

-- The journal: append-only, and each stream grows by exactly one at a time (the optimistic lock).
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER journal_stream_contiguous BEFORE INSERT ON journal
WHEN NEW.stream_seq <> COALESCE((SELECT MAX(stream_seq) FROM journal WHERE stream = NEW.stream), 0) + 1
BEGIN SELECT RAISE(ABORT, 'stream_head_moved'); END;
--> statement-breakpoint

-- The equity ledger: append-only entries; holdings are the balances the entries produce, nothing else.
CREATE TRIGGER equity_entries_no_update BEFORE UPDATE ON equity_entries
BEGIN SELECT RAISE(ABORT, 'equity_ledger_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER equity_entries_no_delete BEFORE DELETE ON equity_entries
BEGIN SELECT RAISE(ABORT, 'equity_ledger_is_append_only'); END;
--> statement-breakpoint
-- UPDATE, then INSERT where absent (not an upsert: SQLite checks CHECK constraints on the proposed row before it
-- turns into an update, so an upsert of a debit would fail on the sign alone).
CREATE TRIGGER equity_entries_post AFTER INSERT ON equity_entries
BEGIN
  UPDATE equity_holdings SET shares_e4 = shares_e4 - NEW.shares_e4
    WHERE collective_code = NEW.collective_code AND account = NEW.debit_account;
  INSERT INTO equity_holdings (collective_code, account, shares_e4, reserved_e4)
    SELECT NEW.collective_code, NEW.debit_account, -NEW.shares_e4, 0
    WHERE NOT EXISTS (SELECT 1 FROM equity_holdings WHERE collective_code = NEW.collective_code AND account = NEW.debit_account);
  UPDATE equity_holdings SET shares_e4 = shares_e4 + NEW.shares_e4
    WHERE collective_code = NEW.collective_code AND account = NEW.credit_account;
  INSERT INTO equity_holdings (collective_code, account, shares_e4, reserved_e4)
    SELECT NEW.collective_code, NEW.credit_account, NEW.shares_e4, 0
    WHERE NOT EXISTS (SELECT 1 FROM equity_holdings WHERE collective_code = NEW.collective_code AND account = NEW.credit_account);
END;
--> statement-breakpoint
-- AFTER INSERT, so that it sees the row as stored, INSERT OR REPLACE included.
CREATE TRIGGER equity_holdings_insert_matches_ledger AFTER INSERT ON equity_holdings
WHEN NEW.shares_e4 <>
  (SELECT COALESCE(SUM(shares_e4), 0) FROM equity_entries WHERE collective_code = NEW.collective_code AND credit_account = NEW.account)
  - (SELECT COALESCE(SUM(shares_e4), 0) FROM equity_entries WHERE collective_code = NEW.collective_code AND debit_account = NEW.account)
BEGIN SELECT RAISE(ABORT, 'holding_must_match_ledger'); END;
--> statement-breakpoint
CREATE TRIGGER equity_holdings_update_matches_ledger BEFORE UPDATE OF shares_e4, account, collective_code ON equity_holdings
WHEN NEW.account <> OLD.account OR NEW.collective_code <> OLD.collective_code OR NEW.shares_e4 <>
  (SELECT COALESCE(SUM(shares_e4), 0) FROM equity_entries WHERE collective_code = NEW.collective_code AND credit_account = NEW.account)
  - (SELECT COALESCE(SUM(shares_e4), 0) FROM equity_entries WHERE collective_code = NEW.collective_code AND debit_account = NEW.account)
BEGIN SELECT RAISE(ABORT, 'holding_must_match_ledger'); END;
--> statement-breakpoint
CREATE TRIGGER equity_holdings_no_delete BEFORE DELETE ON equity_holdings
BEGIN SELECT RAISE(ABORT, 'holding_must_match_ledger'); END;
--> statement-breakpoint

-- Identity of registered things does not change.
CREATE TRIGGER collectives_keys_immutable BEFORE UPDATE OF code, issuer_code, region_code, level ON collectives
BEGIN SELECT RAISE(ABORT, 'collective_identity_is_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER persons_id_document_immutable BEFORE UPDATE OF id_type, id_number ON persons
BEGIN SELECT RAISE(ABORT, 'id_number_is_immutable'); END;
--> statement-breakpoint

-- Codes nest: contractor and plot codes begin with the collective's issuing-party code; a homestead lies in its county.
CREATE TRIGGER households_code_within_issuer BEFORE INSERT ON households
WHEN substr(NEW.contractor_code, 1, 14) <> (SELECT issuer_code FROM collectives WHERE code = NEW.collective_code)
BEGIN SELECT RAISE(ABORT, 'contractor_code_outside_issuer'); END;
--> statement-breakpoint
CREATE TRIGGER plots_code_within_issuer BEFORE INSERT ON plots
WHEN substr(NEW.plot_code, 1, 14) <> (SELECT issuer_code FROM collectives WHERE code = NEW.collective_code)
BEGIN SELECT RAISE(ABORT, 'plot_code_outside_issuer'); END;
--> statement-breakpoint
CREATE TRIGGER homesteads_unit_within_county BEFORE INSERT ON homesteads
WHEN substr(NEW.unit_number, 1, 6) <> (SELECT substr(region_code, 1, 6) FROM collectives WHERE code = NEW.collective_code)
BEGIN SELECT RAISE(ABORT, 'unit_number_outside_county'); END;
--> statement-breakpoint

-- One household, one homestead (LAL Art. 62): a grant needs a household without one; a second homestead of
-- origin "existing" (inherited house) is registered only with its annotation (MNR 2020 Q&A).
CREATE TRIGGER homesteads_one_per_household BEFORE INSERT ON homesteads
WHEN NEW.status = 'active' AND EXISTS (
  SELECT 1 FROM homesteads WHERE contractor_code = NEW.contractor_code AND status = 'active')
BEGIN
  SELECT CASE
    WHEN NEW.origin = 'grant' THEN RAISE(ABORT, 'household_already_has_homestead')
    WHEN NEW.annotations_json NOT LIKE '%"multiple-homesteads"%' THEN RAISE(ABORT, 'homestead_annotation_required')
  END;
END;
--> statement-breakpoint
CREATE TRIGGER homesteads_reactivation_guard BEFORE UPDATE OF status, contractor_code ON homesteads
WHEN NEW.status = 'active' AND NEW.origin = 'grant' AND EXISTS (
  SELECT 1 FROM homesteads WHERE contractor_code = NEW.contractor_code AND status = 'active' AND unit_number <> NEW.unit_number)
BEGIN SELECT RAISE(ABORT, 'household_already_has_homestead'); END;
