CREATE TABLE `collective_rules` (
	`collective_code` text NOT NULL,
	`version` integer NOT NULL,
	`effective_on` text NOT NULL,
	`rules_json` text NOT NULL,
	`resolution_ref` text,
	`recorded_at_ms` integer NOT NULL,
	PRIMARY KEY(`collective_code`, `version`),
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rules_version_positive" CHECK(version >= 1)
);
--> statement-breakpoint
CREATE TABLE `collectives` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`issuer_code` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	CONSTRAINT "collective_level_known" CHECK(level IN ('group','village','township')),
	CONSTRAINT "credit_code_not_collective" CHECK(substr(code, 1, 1) = 'N' AND length(code) = 18),
	CONSTRAINT "credit_code_level_mismatch" CHECK(substr(code, 2, 1) = CASE level WHEN 'group' THEN '1' WHEN 'village' THEN '2' ELSE '3' END),
	CONSTRAINT "issuer_code_outside_region" CHECK(length(issuer_code) = 14 AND substr(issuer_code, 1, length(region_code)) = region_code),
	CONSTRAINT "region_code_level_mismatch" CHECK((level = 'township' AND length(region_code) = 9) OR (level <> 'township' AND length(region_code) = 12))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collectives_issuerCode_unique` ON `collectives` (`issuer_code`);--> statement-breakpoint
CREATE TABLE `household_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`kind` text NOT NULL,
	`region_code` text NOT NULL,
	`effective_on` text NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "hukou_kind_known" CHECK(kind IN ('rural','urban')),
	CONSTRAINT "region_code_malformed" CHECK(length(region_code) IN (6, 12))
);
--> statement-breakpoint
CREATE INDEX `household_registrations_person` ON `household_registrations` (`person_id`,`effective_on`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` text PRIMARY KEY NOT NULL,
	`id_type` text NOT NULL,
	`id_number` text NOT NULL,
	`name` text NOT NULL,
	`sex` text,
	`birth_date` text,
	`created_at_ms` integer NOT NULL,
	CONSTRAINT "id_type_known" CHECK(id_type IN ('resident-id','military','organization-code','household-book','passport','other')),
	CONSTRAINT "id_number_malformed" CHECK(id_type <> 'resident-id' OR (length(id_number) = 18 AND birth_date IS NOT NULL AND sex IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_id_document_unique` ON `persons` (`id_type`,`id_number`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`person_id` text NOT NULL,
	`joined_on` text NOT NULL,
	`basis` text NOT NULL,
	`resolution_ref` text,
	`status` text NOT NULL,
	`ended_on` text,
	`end_reason` text,
	`end_note` text,
	`created_at_ms` integer NOT NULL,
	`ended_at_ms` integer,
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "membership_basis_known" CHECK(basis IN ('original','birth','marriage','adoption','resettlement','other')),
	CONSTRAINT "termination_reason_known" CHECK(end_reason IS NULL OR end_reason IN ('death','lost-nationality','joined-other-collective','became-civil-servant','voluntary-exit','charter')),
	CONSTRAINT "membership_status_consistent" CHECK((status = 'active' AND ended_on IS NULL AND end_reason IS NULL) OR (status = 'ended' AND ended_on IS NOT NULL AND end_reason IS NOT NULL)),
	CONSTRAINT "termination_before_joining" CHECK(ended_on IS NULL OR ended_on >= joined_on)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_one_active` ON `memberships` (`collective_code`,`person_id`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `memberships_person` ON `memberships` (`person_id`);--> statement-breakpoint
CREATE TABLE `household_members` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`contractor_code` text NOT NULL,
	`person_id` text NOT NULL,
	`relation` text NOT NULL,
	`relation_code` text NOT NULL,
	`co_holder` integer NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`collective_code`,`contractor_code`) REFERENCES `households`(`collective_code`,`contractor_code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "relation_known" CHECK(relation IN ('head','spouse','son','daughter','father','mother','grandchild','other-relative','non-relative')),
	CONSTRAINT "relation_code_malformed" CHECK(length(relation_code) = 2)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_members_once` ON `household_members` (`contractor_code`,`person_id`) WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX `household_members_one_household` ON `household_members` (`collective_code`,`person_id`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `household_members_person` ON `household_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `households` (
	`contractor_code` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`representative_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contractor_code_malformed" CHECK(length(contractor_code) = 18),
	CONSTRAINT "household_status_known" CHECK(status IN ('active','dissolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_collective_key` ON `households` (`collective_code`,`contractor_code`);--> statement-breakpoint
CREATE TABLE `contract_plots` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`contract_code` text NOT NULL,
	`plot_code` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`ended_at_ms` integer,
	FOREIGN KEY (`collective_code`,`contract_code`) REFERENCES `land_contracts`(`collective_code`,`contract_code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`collective_code`,`plot_code`) REFERENCES `plots`(`collective_code`,`plot_code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contract_plot_status_known" CHECK(status IN ('active','ended'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_plots_one_active_contract` ON `contract_plots` (`plot_code`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `contract_plots_contract` ON `contract_plots` (`contract_code`);--> statement-breakpoint
CREATE TABLE `land_contracts` (
	`contract_code` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`contractor_code` text NOT NULL,
	`mode` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`certificate_no` text,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`,`contractor_code`) REFERENCES `households`(`collective_code`,`contractor_code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contract_code_contractor_mismatch" CHECK(length(contract_code) = 19 AND substr(contract_code, 1, 18) = contractor_code),
	CONSTRAINT "contract_mode_mismatch" CHECK((mode = 'household' AND substr(contract_code, 19, 1) = 'J') OR (mode = 'other' AND substr(contract_code, 19, 1) = 'Q')),
	CONSTRAINT "contract_term_invalid" CHECK(ends_on > starts_on),
	CONSTRAINT "contract_status_known" CHECK(status IN ('active','ended'))
);
--> statement-breakpoint
CREATE INDEX `land_contracts_contractor` ON `land_contracts` (`contractor_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `land_contracts_collective_key` ON `land_contracts` (`collective_code`,`contract_code`);--> statement-breakpoint
CREATE TABLE `plots` (
	`plot_code` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`name` text,
	`area_mu_e4` integer NOT NULL,
	`area_m2_e2` integer,
	`land_use` text NOT NULL,
	`category` text NOT NULL,
	`basic_farmland` integer NOT NULL,
	`boundary_east` text NOT NULL,
	`boundary_south` text NOT NULL,
	`boundary_west` text NOT NULL,
	`boundary_north` text NOT NULL,
	`geometry_json` text,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plot_code_malformed" CHECK(length(plot_code) = 19),
	CONSTRAINT "area_must_be_positive" CHECK(area_mu_e4 > 0 AND (area_m2_e2 IS NULL OR area_m2_e2 > 0)),
	CONSTRAINT "land_use_known" CHECK(land_use IN ('cropping','forestry','livestock','fishery','non-farm')),
	CONSTRAINT "plot_category_known" CHECK(category IN ('contracted','private','reserved','reclaimed','other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plots_collective_key` ON `plots` (`collective_code`,`plot_code`);--> statement-breakpoint
CREATE TABLE `homesteads` (
	`unit_number` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`contractor_code` text NOT NULL,
	`area_m2_e2` integer NOT NULL,
	`max_area_m2_e2` integer,
	`approved_on` text NOT NULL,
	`origin` text NOT NULL,
	`approval_ref` text,
	`annotations_json` text NOT NULL,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`,`contractor_code`) REFERENCES `households`(`collective_code`,`contractor_code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "unit_number_not_homestead" CHECK(length(unit_number) = 28 AND substr(unit_number, 13, 2) = 'JC'),
	CONSTRAINT "area_must_be_positive" CHECK(area_m2_e2 > 0),
	CONSTRAINT "homestead_origin_known" CHECK(origin IN ('grant','existing')),
	CONSTRAINT "homestead_status_known" CHECK(status IN ('active','cancelled')),
	CONSTRAINT "homestead_area_exceeds_cap" CHECK(origin <> 'grant' OR max_area_m2_e2 IS NULL OR area_m2_e2 <= max_area_m2_e2),
	CONSTRAINT "homestead_annotation_required" CHECK(max_area_m2_e2 IS NULL OR area_m2_e2 <= max_area_m2_e2 OR annotations_json LIKE '%"over-area"%')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `homesteads_one_grant_per_household` ON `homesteads` (`contractor_code`) WHERE origin = 'grant' AND status = 'active';--> statement-breakpoint
CREATE INDEX `homesteads_household` ON `homesteads` (`contractor_code`);--> statement-breakpoint
CREATE TABLE `equity_entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`collective_code` text NOT NULL,
	`journal_seq` integer NOT NULL,
	`kind` text NOT NULL,
	`debit_account` text NOT NULL,
	`credit_account` text NOT NULL,
	`share_class` text,
	`shares_e4` integer NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	FOREIGN KEY (`collective_code`) REFERENCES `collectives`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shares_must_be_positive" CHECK(shares_e4 > 0),
	CONSTRAINT "accounts_must_be_different" CHECK(debit_account <> credit_account),
	CONSTRAINT "share_class_known" CHECK(share_class IS NULL OR share_class IN ('population','seniority','other')),
	CONSTRAINT "issued_account_only_issues" CHECK((debit_account = '@issued') = (kind = 'issuance') AND credit_account <> '@issued')
);
--> statement-breakpoint
CREATE INDEX `equity_entries_debit` ON `equity_entries` (`collective_code`,`debit_account`);--> statement-breakpoint
CREATE INDEX `equity_entries_credit` ON `equity_entries` (`collective_code`,`credit_account`);--> statement-breakpoint
CREATE TABLE `equity_holdings` (
	`collective_code` text NOT NULL,
	`account` text NOT NULL,
	`shares_e4` integer NOT NULL,
	`reserved_e4` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`collective_code`, `account`),
	CONSTRAINT "holding_must_not_be_negative" CHECK(account = '@issued' OR shares_e4 >= 0),
	CONSTRAINT "reserved_must_be_covered" CHECK(reserved_e4 >= 0 AND (account = '@issued' OR reserved_e4 <= shares_e4))
);
--> statement-breakpoint
CREATE TABLE `journal` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stream` text NOT NULL,
	`stream_seq` integer NOT NULL,
	`collective_code` text,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`subject` text NOT NULL,
	`data_json` text NOT NULL,
	`recorded_at_ms` integer NOT NULL,
	CONSTRAINT "stream_seq_positive" CHECK(stream_seq >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_stream_seq` ON `journal` (`stream`,`stream_seq`);--> statement-breakpoint
CREATE INDEX `journal_collective` ON `journal` (`collective_code`,`seq`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`collective_code` text,
	`region_prefix` text,
	`person_id` text,
	`label` text,
	`created_by` text,
	`created_at_ms` integer NOT NULL,
	`revoked_at_ms` integer,
	CONSTRAINT "token_scope_matches_role" CHECK((role = 'admin' AND collective_code IS NULL AND region_prefix IS NULL AND person_id IS NULL)
       OR (role = 'registrar' AND collective_code IS NOT NULL AND region_prefix IS NULL AND person_id IS NULL)
       OR (role = 'bureau' AND region_prefix IS NOT NULL AND length(region_prefix) IN (2,4,6,9,12) AND collective_code IS NULL AND person_id IS NULL)
       OR (role = 'holder' AND person_id IS NOT NULL AND region_prefix IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_tokenHash_unique` ON `tokens` (`token_hash`);