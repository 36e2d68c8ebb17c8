-- Bulk extension of contract terms (issue 7, 延包): the rules of src/domain/extensions.ts stated again in the
-- database, each RAISE message the rule's code.

-- A plan's terms never change; its status moves once, from in-notice to applied (with its date) or cancelled.
CREATE TRIGGER extension_plans_terms_fixed BEFORE UPDATE ON extension_plans
WHEN NEW.id IS NOT OLD.id OR NEW.collective_code IS NOT OLD.collective_code OR NEW.resolution_ref IS NOT OLD.resolution_ref
  OR NEW.window_from IS NOT OLD.window_from OR NEW.window_to IS NOT OLD.window_to
  OR NEW.notice_starts_on IS NOT OLD.notice_starts_on OR NEW.notice_ends_on IS NOT OLD.notice_ends_on
  OR NEW.recorded_at_ms IS NOT OLD.recorded_at_ms OR NEW.journal_seq IS NOT OLD.journal_seq
BEGIN SELECT RAISE(ABORT, 'extension_plan_is_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER extension_plans_status_moves_once BEFORE UPDATE OF status, applied_on ON extension_plans
WHEN NOT (OLD.status = 'in-notice' AND NEW.status IN ('applied', 'cancelled'))
BEGIN SELECT RAISE(ABORT, 'extension_plan_not_in_notice'); END;
--> statement-breakpoint
CREATE TRIGGER extension_plans_applied_after_notice BEFORE UPDATE OF status ON extension_plans
WHEN NEW.status = 'applied' AND NEW.applied_on <= OLD.notice_ends_on
BEGIN SELECT RAISE(ABORT, 'extension_notice_running'); END;
--> statement-breakpoint
CREATE TRIGGER extension_plans_no_delete BEFORE DELETE ON extension_plans
BEGIN SELECT RAISE(ABORT, 'extension_plan_is_immutable'); END;
--> statement-breakpoint

-- Each contract's outcome in a plan is recorded once and never changed.
CREATE TRIGGER contract_extensions_no_update BEFORE UPDATE ON contract_extensions
BEGIN SELECT RAISE(ABORT, 'extension_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER contract_extensions_no_delete BEFORE DELETE ON contract_extensions
BEGIN SELECT RAISE(ABORT, 'extension_history_is_append_only'); END;
--> statement-breakpoint
-- An outcome is recorded only while its plan is in notice (the batch that applies it sets the status last), and an
-- extension only over the contract's registered new end (the batch moves the contract's end first).
CREATE TRIGGER contract_extensions_plan_in_notice BEFORE INSERT ON contract_extensions
WHEN (SELECT status FROM extension_plans WHERE id = NEW.plan_id AND collective_code = NEW.collective_code) IS NOT 'in-notice'
BEGIN SELECT RAISE(ABORT, 'extension_plan_not_in_notice'); END;
--> statement-breakpoint
CREATE TRIGGER contract_extensions_match_contract BEFORE INSERT ON contract_extensions
WHEN NEW.outcome = 'extended' AND (SELECT ends_on FROM land_contracts WHERE contract_code = NEW.contract_code AND collective_code = NEW.collective_code AND status = 'active') IS NOT NEW.new_ends_on
BEGIN SELECT RAISE(ABORT, 'extension_not_registered'); END;
