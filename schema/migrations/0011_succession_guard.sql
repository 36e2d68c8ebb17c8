-- Shares pass by succession only from a person whose membership of the collective ended by death.
CREATE TRIGGER equity_succession_from_the_deceased BEFORE INSERT ON equity_entries
WHEN NEW.kind = 'succession' AND (
  EXISTS (SELECT 1 FROM memberships WHERE collective_code = NEW.collective_code AND person_id = NEW.debit_account AND status = 'active')
  OR NOT EXISTS (SELECT 1 FROM memberships WHERE collective_code = NEW.collective_code AND person_id = NEW.debit_account AND status = 'ended' AND end_reason = 'death'))
BEGIN SELECT RAISE(ABORT, 'deceased_membership_not_ended'); END;
