CREATE TABLE `contract_extensions` (
	`plan_id` text NOT NULL,
	`contract_code` text NOT NULL,
	`collective_code` text NOT NULL,
	`outcome` text NOT NULL,
	`previous_ends_on` text NOT NULL,
	`new_ends_on` text,
	`reason` text,
	`certificate_no` text,
	PRIMARY KEY(`plan_id`, `contract_code`),
	CONSTRAINT "extension_outcome_consistent" CHECK((outcome = 'extended') = (new_ends_on IS NOT NULL AND new_ends_on > previous_ends_on) AND (outcome = 'held-back') = (reason IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `contract_extensions_contract` ON `contract_extensions` (`contract_code`);--> statement-breakpoint
CREATE TABLE `encumbrance_consents` (
	`encumbrance_id` text NOT NULL,
	`application_id` text NOT NULL,
	`document_ref` text NOT NULL,
	`consented_on` text NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	PRIMARY KEY(`encumbrance_id`, `application_id`)
);
--> statement-breakpoint
CREATE TABLE `encumbrances` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`kind` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject` text NOT NULL,
	`party` text NOT NULL,
	`document_ref` text NOT NULL,
	`registered_on` text NOT NULL,
	`effective_until` text,
	`lawsuit_ref` text,
	`lawsuit_recorded_on` text,
	`lifted_on` text,
	`lift_reason` text,
	`detail_json` text NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	`journal_seq` integer NOT NULL,
	CONSTRAINT "encumbrance_kind_known" CHECK(kind IN ('objection','seizure','pledge','management-right')),
	CONSTRAINT "encumbrance_subject_known" CHECK(subject_kind IN ('plot','land-contract','homestead','equity')),
	CONSTRAINT "encumbrance_period_invalid" CHECK(effective_until IS NULL OR effective_until >= registered_on),
	CONSTRAINT "encumbrance_lift_invalid" CHECK((lifted_on IS NULL) = (lift_reason IS NULL) AND (lifted_on IS NULL OR lifted_on >= registered_on))
);
--> statement-breakpoint
CREATE INDEX `encumbrances_subject` ON `encumbrances` (`subject_kind`,`subject`);--> statement-breakpoint
CREATE INDEX `encumbrances_collective` ON `encumbrances` (`collective_code`,`kind`);--> statement-breakpoint
CREATE TABLE `extension_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`resolution_ref` text NOT NULL,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`notice_starts_on` text NOT NULL,
	`notice_ends_on` text NOT NULL,
	`status` text NOT NULL,
	`applied_on` text,
	`recorded_at_ms` integer NOT NULL,
	`journal_seq` integer NOT NULL,
	CONSTRAINT "extension_window_invalid" CHECK(window_to >= window_from),
	CONSTRAINT "extension_notice_too_short" CHECK(julianday(notice_ends_on) - julianday(notice_starts_on) >= 15),
	CONSTRAINT "extension_status_known" CHECK(status IN ('in-notice','applied','cancelled') AND ((status = 'applied') = (applied_on IS NOT NULL)))
);
--> statement-breakpoint
CREATE INDEX `extension_plans_collective` ON `extension_plans` (`collective_code`,`status`);--> statement-breakpoint
CREATE TABLE `fact_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text,
	`entity` text NOT NULL,
	`key` text NOT NULL,
	`facts_json` text NOT NULL,
	`recorded_from_ms` integer NOT NULL,
	`recorded_to_ms` integer,
	`evidence_ref` text,
	`reason` text,
	`journal_seq` integer NOT NULL,
	CONSTRAINT "fact_entity_known" CHECK(entity IN ('plot','homestead','person'))
);
--> statement-breakpoint
CREATE INDEX `fact_versions_key` ON `fact_versions` (`entity`,`key`,`recorded_from_ms`);--> statement-breakpoint
CREATE UNIQUE INDEX `fact_versions_one_current` ON `fact_versions` (`entity`,`key`) WHERE recorded_to_ms IS NULL;--> statement-breakpoint
CREATE TABLE `resolutions` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`ref` text NOT NULL,
	`body` text NOT NULL,
	`held_on` text NOT NULL,
	`eligible` integer NOT NULL,
	`present` integer NOT NULL,
	`votes_for` integer NOT NULL,
	`votes_against` integer NOT NULL,
	`matters_json` text NOT NULL,
	`passed` integer NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	`journal_seq` integer NOT NULL,
	CONSTRAINT "resolution_body_known" CHECK(body IN ('general-meeting','representatives-assembly')),
	CONSTRAINT "resolution_counts_invalid" CHECK(eligible > 0 AND present >= 0 AND present <= eligible AND votes_for >= 0 AND votes_against >= 0 AND votes_for + votes_against <= present)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolutions_ref` ON `resolutions` (`collective_code`,`ref`);--> statement-breakpoint
ALTER TABLE `household_members` ADD `joined_on` text;--> statement-breakpoint
ALTER TABLE `household_members` ADD `join_reason` text;--> statement-breakpoint
ALTER TABLE `household_members` ADD `left_on` text;--> statement-breakpoint
ALTER TABLE `household_members` ADD `left_reason` text;--> statement-breakpoint
ALTER TABLE `households` ADD `origin` text DEFAULT 'registered' NOT NULL;--> statement-breakpoint
ALTER TABLE `households` ADD `origin_json` text;--> statement-breakpoint
ALTER TABLE `households` ADD `dissolved_on` text;