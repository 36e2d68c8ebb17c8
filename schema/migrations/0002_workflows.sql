CREATE TABLE `application_consents` (
	`application_id` text NOT NULL,
	`person_id` text NOT NULL,
	`via` text NOT NULL,
	`recorded_by` text NOT NULL,
	`consented_at_ms` integer NOT NULL,
	PRIMARY KEY(`application_id`, `person_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `application_objections` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`objector_name` text NOT NULL,
	`grounds` text NOT NULL,
	`status` text NOT NULL,
	`resolution_note` text,
	`lodged_at_ms` integer NOT NULL,
	`resolved_at_ms` integer,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "objection_status_known" CHECK(status IN ('open','dismissed','upheld'))
);
--> statement-breakpoint
CREATE INDEX `application_objections_application` ON `application_objections` (`application_id`);--> statement-breakpoint
CREATE TABLE `application_plots` (
	`application_id` text NOT NULL,
	`plot_code` text NOT NULL,
	`open` integer NOT NULL,
	PRIMARY KEY(`application_id`, `plot_code`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_plots_one_open_reservation` ON `application_plots` (`plot_code`) WHERE open = 1;--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`collective_code` text NOT NULL,
	`status` text NOT NULL,
	`applicant_person_id` text NOT NULL,
	`from_person_id` text,
	`from_contractor_code` text,
	`to_person_id` text,
	`to_contractor_code` text,
	`shares_e4` integer,
	`unit_number` text,
	`amount_fen` integer NOT NULL,
	`agreement_signed_on` text NOT NULL,
	`written_notice_on` text,
	`notice_starts_on` text,
	`notice_ends_on` text,
	`resolution_ref` text,
	`decided_on` text,
	`closing_reason` text,
	`paid_on` text,
	`payment_reference` text,
	`registered_on` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "application_status_known" CHECK(status IN ('pending-consent','in-notice','objected','approved','registered','rejected','cancelled')),
	CONSTRAINT "amount_must_not_be_negative" CHECK(amount_fen >= 0),
	CONSTRAINT "application_subject_complete" CHECK((subject = 'equity' AND from_person_id IS NOT NULL AND shares_e4 > 0 AND from_contractor_code IS NULL AND unit_number IS NULL AND (kind = 'withdrawal' OR to_person_id IS NOT NULL))
       OR (subject = 'land-contract' AND from_contractor_code IS NOT NULL AND from_person_id IS NULL AND shares_e4 IS NULL AND unit_number IS NULL AND (kind = 'withdrawal' OR to_contractor_code IS NOT NULL))
       OR (subject = 'homestead' AND from_contractor_code IS NOT NULL AND unit_number IS NOT NULL AND from_person_id IS NULL AND shares_e4 IS NULL AND (kind = 'withdrawal' OR to_contractor_code IS NOT NULL))),
	CONSTRAINT "withdrawal_has_no_receiver" CHECK(kind = 'transfer' OR (to_person_id IS NULL AND to_contractor_code IS NULL)),
	CONSTRAINT "holders_must_be_different" CHECK((to_person_id IS NULL OR to_person_id <> from_person_id) AND (to_contractor_code IS NULL OR to_contractor_code <> from_contractor_code)),
	CONSTRAINT "registration_needs_payment" CHECK(status <> 'registered' OR (paid_on IS NOT NULL AND registered_on IS NOT NULL AND decided_on IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `applications_collective_status` ON `applications` (`collective_code`,`status`);--> statement-breakpoint
CREATE INDEX `applications_from_person` ON `applications` (`from_person_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_one_open_per_homestead` ON `applications` (`unit_number`) WHERE unit_number IS NOT NULL AND status IN ('pending-consent','in-notice','objected','approved');--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`actor` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response_json` text NOT NULL,
	`created_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `management_rights` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`plot_code` text NOT NULL,
	`contract_code` text NOT NULL,
	`kind` text NOT NULL,
	`transferee_name` text NOT NULL,
	`transferee_person_id` text,
	`transferee_credit_code` text,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`annual_rent_fen` integer NOT NULL,
	`contract_ref` text,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	CONSTRAINT "management_term_invalid" CHECK(ends_on > starts_on),
	CONSTRAINT "rent_must_not_be_negative" CHECK(annual_rent_fen >= 0),
	CONSTRAINT "management_kind_known" CHECK(kind IN ('lease','sublease','shares','other'))
);
--> statement-breakpoint
CREATE INDEX `management_rights_plot` ON `management_rights` (`plot_code`,`starts_on`);--> statement-breakpoint
CREATE TABLE `right_registrations` (
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
	CONSTRAINT "registration_act_known" CHECK(act IN ('first','transfer-in','transfer-out','withdrawal','cancellation')),
	CONSTRAINT "registration_version_positive" CHECK(version >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `right_registrations_version` ON `right_registrations` (`right_kind`,`right_code`,`version`);--> statement-breakpoint
CREATE INDEX `right_registrations_contractor` ON `right_registrations` (`contractor_code`);--> statement-breakpoint
ALTER TABLE `households` ADD `homestead_barred` text;