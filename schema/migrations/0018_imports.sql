CREATE TABLE `import_locks` (
	`collective_code` text PRIMARY KEY NOT NULL,
	`import_id` text NOT NULL,
	`acquired_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_records` (
	`table_name` text NOT NULL,
	`record_key` text NOT NULL,
	`collective_code` text NOT NULL,
	`import_id` text NOT NULL,
	`digest` text NOT NULL,
	`kept_json` text NOT NULL,
	PRIMARY KEY(`table_name`, `record_key`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `import_records_collective` ON `import_records` (`collective_code`,`table_name`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`source_digest` text,
	`actor` text NOT NULL,
	`started_at_ms` integer NOT NULL,
	`heartbeat_at_ms` integer NOT NULL,
	`finished_at_ms` integer,
	`report_json` text,
	CONSTRAINT "import_status_known" CHECK(status IN ('running','completed','unchanged','refused','failed'))
);
--> statement-breakpoint
CREATE INDEX `imports_digest` ON `imports` (`source_digest`,`status`);