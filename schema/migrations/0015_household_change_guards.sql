-- Household changes (issue 7): members join and leave, the representative changes, households split and merge.
-- The rules the domain checks (src/domain/household-changes.ts) stated again in the database, each RAISE message
-- the rule's code.

-- The register of contracts and homesteads names the acts of household changes. SQLite cannot widen a CHECK in
-- place: the table is rebuilt with its rows, indexes and append-only triggers (it has no foreign keys either way).
-- The list holds every act of issue 7 — corrections (0014 rebuilt the table for 'correction' too) and term
-- extensions (0016) — so that whichever rebuild runs last leaves every act allowed.
CREATE TABLE `__new_right_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`right_kind` text NOT NULL,
	`right_code` text NOT NULL,
	`version` integer NOT NULL,
	`act` text NOT NULL,
	`contractor_code` text,
	`plot_codes_json` text,
	`certificate_serial` text,
	`effective_on` text NOT NULL,
	`application_id` text,
	`journal_seq` integer NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	CONSTRAINT "registration_act_known" CHECK(act IN ('first','transfer-in','transfer-out','withdrawal','cancellation','correction','member-change','household-split','household-merge','term-extension')),
	CONSTRAINT "registration_version_positive" CHECK(version >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_right_registrations` (id, collective_code, right_kind, right_code, version, act, contractor_code, plot_codes_json, certificate_serial, effective_on, application_id, journal_seq, recorded_at_ms)
SELECT id, collective_code, right_kind, right_code, version, act, contractor_code, plot_codes_json, certificate_serial, effective_on, application_id, journal_seq, recorded_at_ms FROM `right_registrations`;
--> statement-breakpoint
DROP TABLE `right_registrations`;
--> statement-breakpoint
ALTER TABLE `__new_right_registrations` RENAME TO `right_registrations`;
--> statement-breakpoint
CREATE UNIQUE INDEX `right_registrations_version` ON `right_registrations` (`right_kind`,`right_code`,`version`);
--> statement-breakpoint
CREATE INDEX `right_registrations_contractor` ON `right_registrations` (`contractor_code`);
--> statement-breakpoint
CREATE TRIGGER right_registrations_no_update BEFORE UPDATE ON right_registrations
BEGIN SELECT RAISE(ABORT, 'register_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER right_registrations_no_delete BEFORE DELETE ON right_registrations
BEGIN SELECT RAISE(ABORT, 'register_history_is_append_only'); END;
--> statement-breakpoint

-- A household's members are its history: a row is never deleted, and the only change is its end (left, with the
-- date and reason), never before the person joined.
CREATE TRIGGER household_members_no_delete BEFORE DELETE ON household_members
BEGIN SELECT RAISE(ABORT, 'household_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER household_members_only_end BEFORE UPDATE ON household_members
WHEN NOT (OLD.status = 'active' AND NEW.status = 'left' AND NEW.left_on IS NOT NULL AND NEW.left_reason IS NOT NULL
  AND NEW.id = OLD.id AND NEW.collective_code = OLD.collective_code AND NEW.contractor_code = OLD.contractor_code
  AND NEW.person_id = OLD.person_id AND NEW.relation = OLD.relation AND NEW.relation_code = OLD.relation_code
  AND NEW.co_holder = OLD.co_holder AND NEW.joined_on IS OLD.joined_on AND NEW.join_reason IS OLD.join_reason
  AND NEW.created_at_ms = OLD.created_at_ms)
BEGIN SELECT RAISE(ABORT, 'household_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER household_members_leave_after_joining BEFORE UPDATE OF left_on ON household_members
WHEN NEW.left_on < NEW.joined_on
BEGIN SELECT RAISE(ABORT, 'departure_before_joining'); END;
--> statement-breakpoint
-- The representative cannot leave an active household: a new one is named first.
CREATE TRIGGER household_members_representative_stays BEFORE UPDATE OF status ON household_members
WHEN NEW.status = 'left' AND EXISTS (
  SELECT 1 FROM households WHERE contractor_code = OLD.contractor_code AND status = 'active' AND representative_id = OLD.person_id)
BEGIN SELECT RAISE(ABORT, 'representative_cannot_leave'); END;
--> statement-breakpoint
-- A dissolved household takes no new member, no contract, no plot and no homestead.
CREATE TRIGGER household_members_not_into_dissolved BEFORE INSERT ON household_members
WHEN (SELECT status FROM households WHERE contractor_code = NEW.contractor_code) = 'dissolved'
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER land_contracts_not_for_dissolved BEFORE INSERT ON land_contracts
WHEN NEW.status = 'active' AND (SELECT status FROM households WHERE contractor_code = NEW.contractor_code) = 'dissolved'
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER land_contracts_not_reactivated_for_dissolved BEFORE UPDATE OF status, contractor_code ON land_contracts
WHEN NEW.status = 'active' AND (SELECT status FROM households WHERE contractor_code = NEW.contractor_code) = 'dissolved'
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER homesteads_not_for_dissolved BEFORE INSERT ON homesteads
WHEN NEW.status = 'active' AND (SELECT status FROM households WHERE contractor_code = NEW.contractor_code) = 'dissolved'
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER homesteads_not_moved_to_dissolved BEFORE UPDATE OF status, contractor_code ON homesteads
WHEN NEW.status = 'active' AND (SELECT status FROM households WHERE contractor_code = NEW.contractor_code) = 'dissolved'
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
-- Every plot under contract is under an active one, and a contract ends only with its last plot: with the partial
-- UNIQUE index contract_plots_one_active_contract, a plot keeps exactly one active contract through any move.
CREATE TRIGGER contract_plots_only_under_active_contract BEFORE INSERT ON contract_plots
WHEN NEW.status = 'active' AND (SELECT status FROM land_contracts WHERE contract_code = NEW.contract_code) IS NOT 'active'
BEGIN SELECT RAISE(ABORT, 'contract_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER land_contracts_end_without_plots BEFORE UPDATE OF status ON land_contracts
WHEN NEW.status = 'ended' AND EXISTS (SELECT 1 FROM contract_plots WHERE contract_code = NEW.contract_code AND status = 'active')
BEGIN SELECT RAISE(ABORT, 'contract_ended_with_plots'); END;
--> statement-breakpoint
-- Dissolution (a split, or the household merged into another) is final, dated, and leaves no right behind.
CREATE TRIGGER households_dissolution_final BEFORE UPDATE OF status, dissolved_on ON households
WHEN OLD.status = 'dissolved' OR (NEW.status = 'dissolved') <> (NEW.dissolved_on IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'household_not_active'); END;
--> statement-breakpoint
CREATE TRIGGER households_dissolved_hold_nothing BEFORE UPDATE OF status ON households
WHEN NEW.status = 'dissolved' AND (
  EXISTS (SELECT 1 FROM land_contracts WHERE contractor_code = NEW.contractor_code AND status = 'active')
  OR EXISTS (SELECT 1 FROM homesteads WHERE contractor_code = NEW.contractor_code AND status = 'active'))
BEGIN SELECT RAISE(ABORT, 'dissolved_household_holds_rights'); END;
--> statement-breakpoint
CREATE TRIGGER households_origin_immutable BEFORE UPDATE OF origin, origin_json ON households
BEGIN SELECT RAISE(ABORT, 'household_history_is_append_only'); END;
--> statement-breakpoint
-- The representative is an active member of the household and of the collective.
CREATE TRIGGER households_representative_in_household BEFORE UPDATE OF representative_id ON households
WHEN NEW.representative_id <> OLD.representative_id AND NOT EXISTS (
  SELECT 1 FROM household_members WHERE contractor_code = NEW.contractor_code AND person_id = NEW.representative_id AND status = 'active')
BEGIN SELECT RAISE(ABORT, 'person_not_in_household'); END;
--> statement-breakpoint
CREATE TRIGGER households_representative_is_member BEFORE UPDATE OF representative_id ON households
WHEN NEW.representative_id <> OLD.representative_id AND NOT EXISTS (
  SELECT 1 FROM memberships WHERE collective_code = NEW.collective_code AND person_id = NEW.representative_id AND status = 'active')
BEGIN SELECT RAISE(ABORT, 'representative_not_member'); END;
--> statement-breakpoint
-- A household made by a split or a merge carries the homestead bar of the households it came from (LAL Art. 62
-- ¶5): dividing a household does not earn a new grant for those who sold, gave away or withdrew.
CREATE TRIGGER households_homestead_bar_carries_over BEFORE INSERT ON households
WHEN NEW.origin <> 'registered' AND NEW.homestead_barred IS NULL AND EXISTS (
  SELECT 1 FROM json_each(NEW.origin_json) j JOIN households h ON h.contractor_code = j.value WHERE h.homestead_barred IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'homestead_regrant_refused'); END;
--> statement-breakpoint
-- One household, one homestead on a move too (0001's guard, refined for merges): a granted homestead joins a household
-- holding another only as a recorded 一户多宅 (annotation "multiple-homesteads", HS-13); the partial UNIQUE index
-- homesteads_one_grant_per_household still keeps one grant per household whatever the annotations say.
DROP TRIGGER homesteads_reactivation_guard;
--> statement-breakpoint
CREATE TRIGGER homesteads_reactivation_guard BEFORE UPDATE OF status, contractor_code ON homesteads
WHEN NEW.status = 'active' AND NEW.origin = 'grant' AND NEW.annotations_json NOT LIKE '%"multiple-homesteads"%' AND EXISTS (
  SELECT 1 FROM homesteads WHERE contractor_code = NEW.contractor_code AND status = 'active' AND unit_number <> NEW.unit_number)
BEGIN SELECT RAISE(ABORT, 'household_already_has_homestead'); END;
