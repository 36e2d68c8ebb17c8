-- A resolution's outcome follows from its counts (RCEO Law Art. 27, domain/resolutions.ts): quorum when at least
-- 2/3 of the eligible were present, decided when at least 2/3 of ALL the eligible voted for; integers, never rounded.
-- The same numbers hold for the representatives' assembly (domain.md gives it none of its own).
CREATE TRIGGER resolutions_outcome_follows_counts BEFORE INSERT ON resolutions
WHEN NEW.passed <> (3 * NEW.present >= 2 * NEW.eligible AND 3 * NEW.votes_for >= 2 * NEW.eligible)
BEGIN SELECT RAISE(ABORT, 'resolution_outcome_mismatch'); END;
--> statement-breakpoint
-- A representatives' assembly has more than 20 representatives and decides none of what Art. 28 keeps for the
-- general meeting: confirming members, the quantification of shares, the charter.
CREATE TRIGGER resolutions_assembly_competence BEFORE INSERT ON resolutions
WHEN NEW.body = 'representatives-assembly' AND (NEW.eligible <= 20
  OR EXISTS (SELECT 1 FROM json_each(NEW.matters_json) WHERE value IN ('member-confirmation', 'equity-issuance', 'rules-change')))
BEGIN SELECT RAISE(ABORT, 'resolution_body_not_competent'); END;
--> statement-breakpoint
-- A resolution is a fact of the day it was held: recorded once, never changed or removed.
CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions
BEGIN SELECT RAISE(ABORT, 'resolution_is_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions
BEGIN SELECT RAISE(ABORT, 'resolution_is_immutable'); END;
