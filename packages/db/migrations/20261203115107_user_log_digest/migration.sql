CREATE TABLE `user_log_action_days` (
	`data_owner_id` integer NOT NULL,
	`is_demo` integer NOT NULL,
	`day` integer NOT NULL,
	`profession` text NOT NULL,
	`category_id` integer NOT NULL,
	`action` text NOT NULL,
	`device` text NOT NULL,
	`entries` integer NOT NULL,
	CONSTRAINT `user_log_action_days_pk` PRIMARY KEY(`data_owner_id`, `is_demo`, `day`, `profession`, `category_id`, `action`, `device`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `user_log_patient_units` (
	`data_owner_id` integer NOT NULL,
	`is_demo` integer NOT NULL,
	`month` integer NOT NULL,
	`patient_pseudonym` blob NOT NULL,
	`care_unit` text NOT NULL,
	`user_hsa_id` text NOT NULL,
	`several_users` integer NOT NULL,
	CONSTRAINT `user_log_patient_units_pk` PRIMARY KEY(`data_owner_id`, `is_demo`, `month`, `patient_pseudonym`, `care_unit`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `user_log_user_days` (
	`data_owner_id` integer NOT NULL,
	`is_demo` integer NOT NULL,
	`day` integer NOT NULL,
	`user_hsa_id` text NOT NULL,
	`entries` integer NOT NULL,
	CONSTRAINT `user_log_user_days_pk` PRIMARY KEY(`data_owner_id`, `is_demo`, `day`, `user_hsa_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `user_log_entries_review_idx` ON `user_log_entries` (`data_owner_id`,`is_demo`,`occurred_at`) WHERE basis IN ('emergency_access', 'none') OR care_provider_id <> data_owner_id OR action IN ('print', 'copy', 'export', 'disclose');--> statement-breakpoint
-- Wider time indexes (drizzle-kit does not see a change of an index's columns): see schema/userLogs.ts.
DROP INDEX `user_log_entries_owner_time_idx`;--> statement-breakpoint
CREATE INDEX `user_log_entries_owner_time_idx` ON `user_log_entries` (`data_owner_id`,`occurred_at`,`id`,`is_demo`);--> statement-breakpoint
DROP INDEX `user_log_entries_patient_time_idx`;--> statement-breakpoint
CREATE INDEX `user_log_entries_patient_time_idx` ON `user_log_entries` (`patient_pseudonym`,`occurred_at`,`care_unit`,`data_owner_id`,`is_demo`);--> statement-breakpoint
DROP INDEX `user_log_entries_user_time_idx`;--> statement-breakpoint
CREATE INDEX `user_log_entries_user_time_idx` ON `user_log_entries` (`user_hsa_id`,`occurred_at`,`data_owner_id`,`is_demo`);
--> statement-breakpoint
-- The digest of the entries already stored (the same SELECTs as rebuildUserLogDigest).
INSERT INTO user_log_user_days SELECT data_owner_id, is_demo, day, user_hsa_id, count(*) FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, local / 86400000 AS day, (CAST(strftime('%Y', local / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', local / 1000, 'unixepoch') AS INTEGER) - 1) AS month FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, (occurred_at + CASE WHEN occurred_at >= ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) + 4) % 7) * 86400000 + 3600000) AND occurred_at < ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) + 4) % 7) * 86400000 + 3600000) THEN 7200000 ELSE 3600000 END) AS local FROM user_log_entries WHERE 1)) GROUP BY data_owner_id, is_demo, day, user_hsa_id;--> statement-breakpoint
INSERT INTO user_log_patient_units SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, min(user_hsa_id) AS user_hsa_id, min(user_hsa_id) <> max(user_hsa_id) AS several_users FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, local / 86400000 AS day, (CAST(strftime('%Y', local / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', local / 1000, 'unixepoch') AS INTEGER) - 1) AS month FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, (occurred_at + CASE WHEN occurred_at >= ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) + 4) % 7) * 86400000 + 3600000) AND occurred_at < ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) + 4) % 7) * 86400000 + 3600000) THEN 7200000 ELSE 3600000 END) AS local FROM user_log_entries WHERE 1)) GROUP BY data_owner_id, is_demo, month, patient_pseudonym, care_unit;--> statement-breakpoint
INSERT INTO user_log_action_days SELECT data_owner_id, is_demo, day, user_profession, category_id, action, device, count(*) FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, local / 86400000 AS day, (CAST(strftime('%Y', local / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', local / 1000, 'unixepoch') AS INTEGER) - 1) AS month FROM (SELECT data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device, (occurred_at + CASE WHEN occurred_at >= ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 30 - 719468) + 4) % 7) * 86400000 + 3600000) AND occurred_at < ((((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) - (((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) / 400 * 146097 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) * 365 + ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 4 - ((CAST(occurred_at AS INTEGER) / 31556952000 + 1970) % 400) / 100 + 244 - 719468) + 4) % 7) * 86400000 + 3600000) THEN 7200000 ELSE 3600000 END) AS local FROM user_log_entries WHERE 1)) WHERE user_profession IS NOT NULL GROUP BY data_owner_id, is_demo, day, user_profession, category_id, action, device;
