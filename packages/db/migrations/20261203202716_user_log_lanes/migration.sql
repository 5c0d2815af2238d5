ALTER TABLE `user_log_chains` ADD `lane` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `user_log_chains` ADD `seal_state` text;--> statement-breakpoint
ALTER TABLE `user_log_chains` ADD `seal_key_id` integer;--> statement-breakpoint
ALTER TABLE `user_log_chains` ADD `seal` blob;--> statement-breakpoint
ALTER TABLE `user_log_checkpoints` ADD `lanes` text;--> statement-breakpoint
DROP INDEX IF EXISTS `user_log_chains_owner_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `user_log_chains_owner_lane_uq` ON `user_log_chains` (`data_owner_id`,`is_demo`,`lane`);