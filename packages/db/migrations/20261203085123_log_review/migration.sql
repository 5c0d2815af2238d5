CREATE TABLE `log_review_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`run_id` integer NOT NULL,
	`user_hsa_id` text NOT NULL,
	`user_name` text NOT NULL,
	`patient_pseudonym` blob NOT NULL,
	`entry_count` integer NOT NULL,
	`first_occurred_at` integer NOT NULL,
	`last_occurred_at` integer NOT NULL,
	`rule_mask` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`finding` text,
	`reasoning` text,
	`decided_by` text,
	`decided_at` text,
	`case_action` text,
	`case_outcome` text,
	`case_closed_on` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_log_review_items_run_id_log_review_runs_id_fk` FOREIGN KEY (`run_id`) REFERENCES `log_review_runs`(`id`)
);
--> statement-breakpoint
CREATE TABLE `log_review_routines` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`name` text NOT NULL,
	`interval_days` integer DEFAULT 90 NOT NULL,
	`sample_size` integer DEFAULT 20 NOT NULL,
	`reviewer` text,
	`emergency_review_days` integer DEFAULT 14 NOT NULL,
	`usual_hours_start` integer DEFAULT 7 NOT NULL,
	`usual_hours_end` integer DEFAULT 18 NOT NULL,
	`volume_factor` integer DEFAULT 3 NOT NULL,
	`volume_minimum` integer DEFAULT 30 NOT NULL,
	`rule_no_care_relationship` integer DEFAULT true NOT NULL,
	`rule_other_care_provider` integer DEFAULT true NOT NULL,
	`rule_outside_usual_hours` integer DEFAULT true NOT NULL,
	`rule_unusual_volume` integer DEFAULT true NOT NULL,
	`rule_rare_pair` integer DEFAULT true NOT NULL,
	`rule_output_action` integer DEFAULT true NOT NULL,
	`rule_action_not_permitted` integer DEFAULT true NOT NULL,
	`rule_disclosure_without_assessment` integer DEFAULT true NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_review_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`routine_id` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`seed` integer NOT NULL,
	`criteria` text NOT NULL,
	`started_by` text,
	`selected_entries` integer NOT NULL,
	`item_count` integer NOT NULL,
	`open_items` integer NOT NULL,
	`completed_on` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_log_review_runs_routine_id_log_review_routines_id_fk` FOREIGN KEY (`routine_id`) REFERENCES `log_review_routines`(`id`)
);
--> statement-breakpoint
CREATE TABLE `log_review_selections` (
	`run_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`rule_mask` integer NOT NULL,
	CONSTRAINT `log_review_selections_pk` PRIMARY KEY(`run_id`, `entry_id`)
);
--> statement-breakpoint
CREATE INDEX `user_log_entries_emergency_idx` ON `user_log_entries` (`data_owner_id`,`occurred_at`) WHERE basis = 'emergency_access';--> statement-breakpoint
CREATE INDEX `log_review_items_run_idx` ON `log_review_items` (`run_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `log_review_items_run_pair_uq` ON `log_review_items` (`run_id`,`user_hsa_id`,`patient_pseudonym`);--> statement-breakpoint
CREATE UNIQUE INDEX `log_review_routines_owner_name_demo_uq` ON `log_review_routines` (`owner_org_id`,`name`,`is_demo`);--> statement-breakpoint
CREATE INDEX `log_review_runs_owner_idx` ON `log_review_runs` (`owner_org_id`,`completed_on`);--> statement-breakpoint
CREATE INDEX `log_review_runs_routine_idx` ON `log_review_runs` (`routine_id`);--> statement-breakpoint
CREATE INDEX `log_review_selections_item_idx` ON `log_review_selections` (`item_id`);--> statement-breakpoint
CREATE INDEX `log_review_selections_entry_idx` ON `log_review_selections` (`entry_id`);
--> statement-breakpoint
-- hand-written: review items and their selections are documentation; only demo rows are ever removed.
CREATE TRIGGER `log_review_items_no_delete` BEFORE DELETE ON `log_review_items`
WHEN OLD.is_demo = 0
BEGIN
  SELECT RAISE(ABORT, 'log_review_items are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `log_review_selections_no_update` BEFORE UPDATE ON `log_review_selections`
BEGIN
  SELECT RAISE(ABORT, 'log_review_selections are append-only');
END;
