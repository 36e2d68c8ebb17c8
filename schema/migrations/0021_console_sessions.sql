CREATE TABLE `console_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`csrf` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`ended_at_ms` integer,
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "console_session_expires_after_creation" CHECK(expires_at_ms > created_at_ms),
	CONSTRAINT "console_session_ends_after_creation" CHECK(ended_at_ms IS NULL OR ended_at_ms >= created_at_ms)
);
--> statement-breakpoint
CREATE INDEX `console_sessions_token` ON `console_sessions` (`token_id`);--> statement-breakpoint
CREATE TRIGGER `console_sessions_end_once` BEFORE UPDATE ON `console_sessions`
WHEN OLD.ended_at_ms IS NOT NULL OR NEW.id_hash IS NOT OLD.id_hash OR NEW.token_id IS NOT OLD.token_id OR NEW.csrf IS NOT OLD.csrf
  OR NEW.created_at_ms IS NOT OLD.created_at_ms OR NEW.expires_at_ms IS NOT OLD.expires_at_ms
BEGIN SELECT RAISE(ABORT, 'console_session_ends_once'); END;
