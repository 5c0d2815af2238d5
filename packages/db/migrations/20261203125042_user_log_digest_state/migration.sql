CREATE TABLE `user_log_digest_state` (
	`id` integer PRIMARY KEY,
	`last_entry_id` integer NOT NULL,
	CONSTRAINT "user_log_digest_state_one_row" CHECK("id" = 1)
);
--> statement-breakpoint
-- The digest counts every entry stored so far (the previous migration computed it).
INSERT INTO `user_log_digest_state` (`id`, `last_entry_id`) SELECT 1, coalesce(max(`id`), 0) FROM `user_log_entries`;
