CREATE TABLE `distribution_lines` (
	`distribution_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`collective_code` text NOT NULL,
	`holder_kind` text NOT NULL,
	`person_id` text,
	`shares_e4` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`paid_on` text,
	`payment_ref` text,
	`paid_at_ms` integer,
	`payment_journal_seq` integer,
	PRIMARY KEY(`distribution_id`, `line_no`),
	CONSTRAINT "distribution_holder_known" CHECK((holder_kind = 'person') = (person_id IS NOT NULL) AND holder_kind IN ('person','collective')),
	CONSTRAINT "shares_must_be_positive" CHECK(shares_e4 > 0),
	CONSTRAINT "amount_must_not_be_negative" CHECK(amount_fen >= 0),
	CONSTRAINT "payment_recorded_whole" CHECK((paid_on IS NULL) = (payment_ref IS NULL) AND (paid_on IS NULL) = (paid_at_ms IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `distribution_lines_one_per_person` ON `distribution_lines` (`distribution_id`,`person_id`) WHERE holder_kind = 'person';--> statement-breakpoint
CREATE UNIQUE INDEX `distribution_lines_one_collective_line` ON `distribution_lines` (`distribution_id`) WHERE holder_kind = 'collective';--> statement-breakpoint
CREATE INDEX `distribution_lines_person` ON `distribution_lines` (`person_id`);--> statement-breakpoint
CREATE TABLE `distributions` (
	`id` text PRIMARY KEY NOT NULL,
	`collective_code` text NOT NULL,
	`record_date` text NOT NULL,
	`net_income_fen` integer NOT NULL,
	`reserve_basis_points` integer NOT NULL,
	`reserve_fen` integer NOT NULL,
	`distributable_fen` integer NOT NULL,
	`total_shares_e4` integer NOT NULL,
	`description` text NOT NULL,
	`resolution_ref` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`journal_seq` integer NOT NULL,
	CONSTRAINT "net_income_must_be_positive" CHECK(net_income_fen > 0),
	CONSTRAINT "reserve_percent_invalid" CHECK(reserve_basis_points BETWEEN 0 AND 10000),
	CONSTRAINT "distribution_amounts_inconsistent" CHECK(reserve_fen >= 0 AND distributable_fen >= 0 AND reserve_fen + distributable_fen = net_income_fen),
	CONSTRAINT "shares_must_be_positive" CHECK(total_shares_e4 > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `distributions_once_per_resolution` ON `distributions` (`collective_code`,`record_date`,`resolution_ref`);--> statement-breakpoint
CREATE INDEX `distributions_collective` ON `distributions` (`collective_code`,`record_date`);