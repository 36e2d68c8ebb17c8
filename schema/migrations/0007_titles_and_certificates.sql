CREATE TABLE `access_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at_ms` integer NOT NULL,
	`token_id` text NOT NULL,
	`role` text NOT NULL,
	`scope` text,
	`purpose` text NOT NULL,
	`query_kind` text NOT NULL,
	`query_value` text NOT NULL,
	`results` integer NOT NULL,
	CONSTRAINT "access_purpose_required" CHECK(length(trim(purpose)) >= 2),
	CONSTRAINT "access_query_kind_known" CHECK(query_kind IN ('idNumber','plotCode','unitNumber','certificateNo'))
);
--> statement-breakpoint
CREATE INDEX `access_log_token` ON `access_log` (`token_id`,`at_ms`);--> statement-breakpoint
CREATE INDEX `access_log_query` ON `access_log` (`query_value`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`certificate_no` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`holder_kind` text NOT NULL,
	`holder` text NOT NULL,
	`status` text NOT NULL,
	`issued_on` text NOT NULL,
	`issued_at_ms` integer NOT NULL,
	`journal_seq` integer NOT NULL,
	`payload_json` text NOT NULL,
	`signature` text NOT NULL,
	`key_id` text NOT NULL,
	`superseded_by` text,
	`ended_on` text,
	`ended_at_ms` integer,
	CONSTRAINT "certificate_kind_known" CHECK(kind IN ('land-contract','homestead','equity')),
	CONSTRAINT "certificate_status_known" CHECK(status IN ('valid','superseded','cancelled')),
	CONSTRAINT "certificate_end_recorded" CHECK((status = 'valid') = (ended_on IS NULL) AND (status = 'superseded') = (superseded_by IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_one_valid` ON `certificates` (`kind`,`collective_code`,`subject`) WHERE status = 'valid';--> statement-breakpoint
CREATE INDEX `certificates_subject` ON `certificates` (`kind`,`subject`);--> statement-breakpoint
CREATE INDEX `certificates_holder` ON `certificates` (`holder`);--> statement-breakpoint
CREATE TABLE `title_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`holder_kind` text NOT NULL,
	`holder` text NOT NULL,
	`contract_code` text,
	`shares_e4` integer,
	`act` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`recorded_from_ms` integer NOT NULL,
	`recorded_to_ms` integer,
	`application_id` text,
	`journal_seq` integer NOT NULL,
	`certificate_no` text,
	CONSTRAINT "title_kind_known" CHECK(kind IN ('plot','homestead','equity')),
	CONSTRAINT "title_act_known" CHECK(act IN ('first-registration','transfer','withdrawal','succession','correction','household-split','household-merge')),
	CONSTRAINT "title_holder_kind_known" CHECK(holder_kind IN ('household','person','collective')),
	CONSTRAINT "title_valid_period" CHECK(valid_to IS NULL OR valid_to >= valid_from),
	CONSTRAINT "title_record_period" CHECK(recorded_to_ms IS NULL OR recorded_to_ms >= recorded_from_ms),
	CONSTRAINT "holding_must_not_be_negative" CHECK((kind = 'equity') = (shares_e4 IS NOT NULL) AND (shares_e4 IS NULL OR shares_e4 >= 0))
);
--> statement-breakpoint
CREATE INDEX `title_versions_subject` ON `title_versions` (`kind`,`subject`,`valid_from`);--> statement-breakpoint
CREATE INDEX `title_versions_holder` ON `title_versions` (`holder`,`kind`);--> statement-breakpoint
CREATE INDEX `title_versions_collective` ON `title_versions` (`collective_code`,`kind`,`valid_from`);--> statement-breakpoint
CREATE UNIQUE INDEX `title_versions_one_current` ON `title_versions` (`kind`,`collective_code`,`subject`) WHERE recorded_to_ms IS NULL AND valid_to IS NULL;--> statement-breakpoint
ALTER TABLE `journal` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `journal` ADD `hash` text;