CREATE TABLE `proof_heads` (
	`name` text PRIMARY KEY,
	`state` text NOT NULL,
	`key_id` integer NOT NULL,
	`seal` blob NOT NULL
);
--> statement-breakpoint
ALTER TABLE `changes` ADD `hash` blob;--> statement-breakpoint
ALTER TABLE `changes` ADD `key_id` integer;--> statement-breakpoint
ALTER TABLE `user_log_entries` ADD `key_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `user_log_reads` ADD `hash` blob;--> statement-breakpoint
ALTER TABLE `user_log_reads` ADD `key_id` integer;--> statement-breakpoint
-- The change history is append-only in the database itself, like the user log: it is chained, and
-- a change that could be rewritten would prove nothing. The sealed heads may move on, never vanish.
CREATE TRIGGER `changes_no_update` BEFORE UPDATE ON `changes`
BEGIN
  SELECT RAISE(ABORT, 'the change history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `changes_no_delete` BEFORE DELETE ON `changes`
BEGIN
  SELECT RAISE(ABORT, 'the change history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `proof_heads_no_delete` BEFORE DELETE ON `proof_heads`
BEGIN
  SELECT RAISE(ABORT, 'sealed heads are never deleted');
END;
