CREATE TABLE `user_log_chains` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`data_owner_id` integer NOT NULL,
	`is_demo` integer NOT NULL,
	`anchor_hash` blob NOT NULL,
	`head_entry_id` integer,
	`head_hash` blob NOT NULL,
	`entry_count` integer NOT NULL,
	`purged_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_log_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`chain_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`kind` text NOT NULL,
	`entry_count` integer NOT NULL,
	`last_entry_id` integer NOT NULL,
	`head_hash` blob NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_log_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`occurred_at` integer NOT NULL,
	`user_hsa_id` text NOT NULL,
	`user_name` text NOT NULL,
	`user_profession` text,
	`care_provider_id` integer NOT NULL,
	`care_unit` text NOT NULL,
	`action` text NOT NULL,
	`patient_pseudonym` blob NOT NULL,
	`category_id` integer NOT NULL,
	`data_owner_id` integer NOT NULL,
	`basis` text NOT NULL,
	`device` text NOT NULL,
	`source_system` text NOT NULL,
	`source_entry_id` text NOT NULL,
	`outcome` text NOT NULL,
	`submitted_by_org_id` integer NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`chain_id` integer NOT NULL,
	`hash` blob NOT NULL,
	CONSTRAINT `fk_user_log_entries_care_provider_id_organisations_id_fk` FOREIGN KEY (`care_provider_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_user_log_entries_category_id_information_categories_id_fk` FOREIGN KEY (`category_id`) REFERENCES `information_categories`(`id`),
	CONSTRAINT `fk_user_log_entries_data_owner_id_organisations_id_fk` FOREIGN KEY (`data_owner_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `user_log_purge_gate` (
	`id` integer PRIMARY KEY,
	`open` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_log_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`at` text NOT NULL,
	`token_id` integer,
	`organisation_id` integer,
	`role` text,
	`purpose` text NOT NULL,
	`filter` text,
	`entry_count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_log_chains_owner_uq` ON `user_log_chains` (`data_owner_id`,`is_demo`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_log_entries_source_uq` ON `user_log_entries` (`source_system`,`source_entry_id`);--> statement-breakpoint
CREATE INDEX `user_log_entries_time_idx` ON `user_log_entries` (`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `user_log_entries_owner_time_idx` ON `user_log_entries` (`data_owner_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `user_log_entries_provider_time_idx` ON `user_log_entries` (`care_provider_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `user_log_entries_patient_time_idx` ON `user_log_entries` (`patient_pseudonym`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `user_log_entries_user_time_idx` ON `user_log_entries` (`user_hsa_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `user_log_reads_org_idx` ON `user_log_reads` (`organisation_id`,`at`);