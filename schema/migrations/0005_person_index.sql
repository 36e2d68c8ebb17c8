CREATE TABLE `person_index` (
	`document_hash` text NOT NULL,
	`county` text NOT NULL,
	`person_id` text NOT NULL,
	`indexed_at_ms` integer NOT NULL,
	PRIMARY KEY(`document_hash`, `county`)
);
