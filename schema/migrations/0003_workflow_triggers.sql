-- Workflow rules stated in the database. The reservation of an open application is kept by the database itself:
-- opening an equity application reserves its shares on the giver's holding, closing it (registered, rejected,
-- cancelled) releases them; the CHECK reserved_must_be_covered then refuses shares promised twice.

CREATE TRIGGER applications_equity_needs_holding BEFORE INSERT ON applications
WHEN NEW.subject = 'equity' AND NOT EXISTS (
  SELECT 1 FROM equity_holdings WHERE collective_code = NEW.collective_code AND account = NEW.from_person_id)
BEGIN SELECT RAISE(ABORT, 'insufficient_shares'); END;
--> statement-breakpoint
CREATE TRIGGER applications_reserve_shares AFTER INSERT ON applications
WHEN NEW.subject = 'equity' AND NEW.status IN ('pending-consent','in-notice','objected','approved')
BEGIN
  UPDATE equity_holdings SET reserved_e4 = reserved_e4 + NEW.shares_e4
  WHERE collective_code = NEW.collective_code AND account = NEW.from_person_id;
END;
--> statement-breakpoint
CREATE TRIGGER applications_release_on_close AFTER UPDATE OF status ON applications
WHEN OLD.status IN ('pending-consent','in-notice','objected','approved')
  AND NEW.status NOT IN ('pending-consent','in-notice','objected','approved')
BEGIN
  UPDATE equity_holdings SET reserved_e4 = reserved_e4 - NEW.shares_e4
  WHERE NEW.subject = 'equity' AND collective_code = NEW.collective_code AND account = NEW.from_person_id;
  UPDATE application_plots SET open = 0 WHERE application_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER applications_closed_are_final BEFORE UPDATE ON applications
WHEN OLD.status IN ('registered','rejected','cancelled')
BEGIN SELECT RAISE(ABORT, 'application_already_closed'); END;
--> statement-breakpoint
CREATE TRIGGER applications_subject_immutable BEFORE UPDATE OF kind, subject, collective_code, from_person_id, from_contractor_code, to_person_id, to_contractor_code, shares_e4, unit_number, amount_fen ON applications
BEGIN SELECT RAISE(ABORT, 'application_terms_are_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER equity_reservation_matches_applications BEFORE UPDATE OF reserved_e4 ON equity_holdings
WHEN NEW.reserved_e4 <> (
  SELECT COALESCE(SUM(shares_e4), 0) FROM applications
  WHERE collective_code = NEW.collective_code AND from_person_id = NEW.account AND subject = 'equity'
    AND status IN ('pending-consent','in-notice','objected','approved'))
BEGIN SELECT RAISE(ABORT, 'reservation_must_match_applications'); END;
--> statement-breakpoint
CREATE TRIGGER application_plots_open_only_while_open BEFORE INSERT ON application_plots
WHEN NEW.open = 1 AND (SELECT status FROM applications WHERE id = NEW.application_id)
  NOT IN ('pending-consent','in-notice','objected','approved')
BEGIN SELECT RAISE(ABORT, 'application_already_closed'); END;
--> statement-breakpoint

-- A household that transferred its homestead with the house may not be granted another (LAL Art. 62 ¶5).
CREATE TRIGGER homesteads_no_regrant_after_transfer BEFORE INSERT ON homesteads
WHEN NEW.origin = 'grant' AND (SELECT homestead_barred FROM households WHERE contractor_code = NEW.contractor_code) = 'transferred'
BEGIN SELECT RAISE(ABORT, 'homestead_regrant_refused'); END;
--> statement-breakpoint

-- Registrations are history: never changed.
CREATE TRIGGER right_registrations_no_update BEFORE UPDATE ON right_registrations
BEGIN SELECT RAISE(ABORT, 'register_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER right_registrations_no_delete BEFORE DELETE ON right_registrations
BEGIN SELECT RAISE(ABORT, 'register_history_is_append_only'); END;
--> statement-breakpoint

-- Management-right circulation: within the contract's term, and no two circulations of a plot overlap.
CREATE TRIGGER management_rights_within_contract BEFORE INSERT ON management_rights
WHEN NEW.ends_on > (SELECT ends_on FROM land_contracts WHERE contract_code = NEW.contract_code)
  OR NEW.starts_on < (SELECT starts_on FROM land_contracts WHERE contract_code = NEW.contract_code)
BEGIN SELECT RAISE(ABORT, 'management_term_exceeds_contract'); END;
--> statement-breakpoint
CREATE TRIGGER management_rights_no_overlap BEFORE INSERT ON management_rights
WHEN NEW.status = 'active' AND EXISTS (
  SELECT 1 FROM management_rights
  WHERE plot_code = NEW.plot_code AND status = 'active' AND starts_on <= NEW.ends_on AND NEW.starts_on <= ends_on)
BEGIN SELECT RAISE(ABORT, 'management_right_overlaps'); END;
