ALTER TABLE `extension_plans` ADD `grassland_years` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `extension_plans` ADD `forest_years` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
-- The periods are terms of the plan too: they never change.
DROP TRIGGER extension_plans_terms_fixed;
--> statement-breakpoint
CREATE TRIGGER extension_plans_terms_fixed BEFORE UPDATE ON extension_plans
WHEN NEW.id IS NOT OLD.id OR NEW.collective_code IS NOT OLD.collective_code OR NEW.resolution_ref IS NOT OLD.resolution_ref
  OR NEW.window_from IS NOT OLD.window_from OR NEW.window_to IS NOT OLD.window_to
  OR NEW.notice_starts_on IS NOT OLD.notice_starts_on OR NEW.notice_ends_on IS NOT OLD.notice_ends_on
  OR NEW.grassland_years IS NOT OLD.grassland_years OR NEW.forest_years IS NOT OLD.forest_years
  OR NEW.recorded_at_ms IS NOT OLD.recorded_at_ms OR NEW.journal_seq IS NOT OLD.journal_seq
BEGIN SELECT RAISE(ABORT, 'extension_plan_is_immutable'); END;
