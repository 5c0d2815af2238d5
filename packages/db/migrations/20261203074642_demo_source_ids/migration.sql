DROP INDEX IF EXISTS `user_log_entries_source_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `user_log_entries_source_demo_uq` ON `user_log_entries` (`source_system`,`source_entry_id`,`is_demo`);