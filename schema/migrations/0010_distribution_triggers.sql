-- A distribution is written once: its lines first, then its row, in one batch. The row is refused unless the lines
-- add up to the distributable amount and the shares counted; a line is refused once its distribution exists.
CREATE TRIGGER distributions_lines_add_up BEFORE INSERT ON distributions
WHEN NEW.distributable_fen <> COALESCE((SELECT SUM(amount_fen) FROM distribution_lines WHERE distribution_id = NEW.id), 0)
  OR NEW.total_shares_e4 <> COALESCE((SELECT SUM(shares_e4) FROM distribution_lines WHERE distribution_id = NEW.id), 0)
BEGIN SELECT RAISE(ABORT, 'distribution_lines_must_add_up'); END;
--> statement-breakpoint
CREATE TRIGGER distribution_lines_after_final BEFORE INSERT ON distribution_lines
WHEN EXISTS (SELECT 1 FROM distributions WHERE id = NEW.distribution_id)
BEGIN SELECT RAISE(ABORT, 'distribution_is_final'); END;
--> statement-breakpoint
CREATE TRIGGER distributions_no_update BEFORE UPDATE ON distributions
BEGIN SELECT RAISE(ABORT, 'distribution_is_final'); END;
--> statement-breakpoint
CREATE TRIGGER distributions_no_delete BEFORE DELETE ON distributions
BEGIN SELECT RAISE(ABORT, 'distribution_is_final'); END;
--> statement-breakpoint
CREATE TRIGGER distribution_lines_no_delete BEFORE DELETE ON distribution_lines
BEGIN SELECT RAISE(ABORT, 'distribution_is_final'); END;
--> statement-breakpoint
-- A line is paid once, for itself: only the payment columns change, from empty.
CREATE TRIGGER distribution_lines_paid_once BEFORE UPDATE ON distribution_lines
WHEN OLD.paid_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'line_already_paid'); END;
--> statement-breakpoint
CREATE TRIGGER distribution_lines_no_rewrite BEFORE UPDATE ON distribution_lines
WHEN NEW.distribution_id <> OLD.distribution_id OR NEW.line_no <> OLD.line_no OR NEW.collective_code <> OLD.collective_code
  OR NEW.holder_kind <> OLD.holder_kind OR NEW.person_id IS NOT OLD.person_id OR NEW.shares_e4 <> OLD.shares_e4
  OR NEW.amount_fen <> OLD.amount_fen
BEGIN SELECT RAISE(ABORT, 'distribution_is_final'); END;
