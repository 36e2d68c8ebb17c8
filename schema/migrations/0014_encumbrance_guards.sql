-- Encumbrances (issue 7): the register's own guards, a second time after the domain (domain/encumbrances.ts).
-- An encumbrance is never deleted; its facts are never rewritten. Two things are recorded later, each once: an
-- objection's lawsuit (only while it is in effect: recorded on or before its last day), and the lifting.
CREATE TRIGGER encumbrances_no_delete BEFORE DELETE ON encumbrances
BEGIN SELECT RAISE(ABORT, 'encumbrance_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrances_no_rewrite BEFORE UPDATE ON encumbrances
WHEN NOT (NEW.id = OLD.id AND NEW.collective_code = OLD.collective_code AND NEW.kind = OLD.kind
  AND NEW.subject_kind = OLD.subject_kind AND NEW.subject = OLD.subject AND NEW.party = OLD.party
  AND NEW.document_ref = OLD.document_ref AND NEW.registered_on = OLD.registered_on
  AND NEW.effective_until IS OLD.effective_until AND NEW.detail_json = OLD.detail_json
  AND NEW.recorded_at_ms = OLD.recorded_at_ms AND NEW.journal_seq = OLD.journal_seq
  AND (OLD.lawsuit_ref IS NULL OR (NEW.lawsuit_ref IS OLD.lawsuit_ref AND NEW.lawsuit_recorded_on IS OLD.lawsuit_recorded_on))
  AND (NEW.lawsuit_ref IS NULL) = (NEW.lawsuit_recorded_on IS NULL)
  AND (OLD.lifted_on IS NULL OR (NEW.lifted_on IS OLD.lifted_on AND NEW.lift_reason IS OLD.lift_reason)))
BEGIN SELECT RAISE(ABORT, 'encumbrance_facts_are_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrances_lawsuit_only_on_objections BEFORE UPDATE OF lawsuit_ref ON encumbrances
WHEN OLD.lawsuit_ref IS NULL AND NEW.lawsuit_ref IS NOT NULL AND NEW.kind <> 'objection'
BEGIN SELECT RAISE(ABORT, 'lawsuit_recorded_only_on_objections'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrances_lawsuit_in_time BEFORE UPDATE OF lawsuit_ref ON encumbrances
WHEN OLD.lawsuit_ref IS NULL AND NEW.lawsuit_ref IS NOT NULL AND NEW.kind = 'objection'
  AND (NEW.lawsuit_recorded_on > NEW.effective_until OR NEW.lawsuit_recorded_on < NEW.registered_on OR OLD.lifted_on IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'objection_lapsed'); END;
--> statement-breakpoint
-- Registered whole: no lawsuit or lifting at birth; an objection has effect for exactly 15 days (Civil Code Art. 220);
-- a pledge never lies on a homestead, a management right only on a plot.
CREATE TRIGGER encumbrances_registered_whole BEFORE INSERT ON encumbrances
WHEN NEW.lawsuit_ref IS NOT NULL OR NEW.lawsuit_recorded_on IS NOT NULL OR NEW.lifted_on IS NOT NULL OR NEW.lift_reason IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'encumbrance_facts_are_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrances_objection_period BEFORE INSERT ON encumbrances
WHEN NEW.kind = 'objection' AND NEW.effective_until IS NOT date(NEW.registered_on, '+15 days')
BEGIN SELECT RAISE(ABORT, 'objection_lapse_fixed_by_law'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrances_subject_fits_kind BEFORE INSERT ON encumbrances
WHEN (NEW.kind = 'pledge' AND NEW.subject_kind = 'homestead') OR (NEW.kind = 'management-right' AND NEW.subject_kind <> 'plot')
BEGIN SELECT RAISE(ABORT, 'encumbrance_subject_invalid'); END;
--> statement-breakpoint
-- A pledgee's consent is kept for good, and only a pledge has a pledgee.
CREATE TRIGGER encumbrance_consents_no_update BEFORE UPDATE ON encumbrance_consents
BEGIN SELECT RAISE(ABORT, 'encumbrance_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrance_consents_no_delete BEFORE DELETE ON encumbrance_consents
BEGIN SELECT RAISE(ABORT, 'encumbrance_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER encumbrance_consents_of_pledges BEFORE INSERT ON encumbrance_consents
WHEN (SELECT kind FROM encumbrances WHERE id = NEW.encumbrance_id) IS NOT 'pledge'
BEGIN SELECT RAISE(ABORT, 'pledgee_consent_not_needed'); END;
--> statement-breakpoint
-- Corrections: fact versions are never deleted or rewritten; only the end of their record time is set, once, and
-- never before it began.
CREATE TRIGGER fact_versions_no_delete BEFORE DELETE ON fact_versions
BEGIN SELECT RAISE(ABORT, 'fact_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER fact_versions_no_rewrite BEFORE UPDATE ON fact_versions
WHEN NOT (OLD.recorded_to_ms IS NULL AND NEW.recorded_to_ms IS NOT NULL AND NEW.recorded_to_ms >= OLD.recorded_from_ms
  AND NEW.id = OLD.id AND NEW.collective_code IS OLD.collective_code AND NEW.entity = OLD.entity AND NEW.key = OLD.key
  AND NEW.facts_json = OLD.facts_json AND NEW.recorded_from_ms = OLD.recorded_from_ms
  AND NEW.evidence_ref IS OLD.evidence_ref AND NEW.reason IS OLD.reason AND NEW.journal_seq = OLD.journal_seq)
BEGIN SELECT RAISE(ABORT, 'fact_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER fact_versions_period BEFORE INSERT ON fact_versions
WHEN NEW.recorded_to_ms IS NOT NULL AND NEW.recorded_to_ms < NEW.recorded_from_ms
BEGIN SELECT RAISE(ABORT, 'fact_history_is_append_only'); END;
