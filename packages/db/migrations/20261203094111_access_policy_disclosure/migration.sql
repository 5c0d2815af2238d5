CREATE TABLE `access_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`profession` text NOT NULL,
	`category_id` integer NOT NULL,
	`may_read` integer DEFAULT false NOT NULL,
	`may_write` integer DEFAULT false NOT NULL,
	`may_sign` integer DEFAULT false NOT NULL,
	`may_sign_mobile` integer DEFAULT false NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_access_policies_category_id_information_categories_id_fk` FOREIGN KEY (`category_id`) REFERENCES `information_categories`(`id`)
);
--> statement-breakpoint
CREATE TABLE `disclosure_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`asset_id` integer NOT NULL,
	`requester` text NOT NULL,
	`requested_on` text NOT NULL,
	`outcome` text,
	`reasoning` text,
	`decided_by` text,
	`decided_on` text,
	`user_log_entry_id` integer,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_disclosure_requests_asset_id_information_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `information_assets`(`id`),
	CONSTRAINT `fk_disclosure_requests_user_log_entry_id_user_log_entries_id_fk` FOREIGN KEY (`user_log_entry_id`) REFERENCES `user_log_entries`(`id`) ON DELETE SET NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_policies_owner_profession_category_demo_uq` ON `access_policies` (`owner_org_id`,`profession`,`category_id`,`is_demo`);--> statement-breakpoint
CREATE INDEX `access_policies_category_idx` ON `access_policies` (`category_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `disclosure_requests_log_entry_uq` ON `disclosure_requests` (`user_log_entry_id`) WHERE "disclosure_requests"."user_log_entry_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `disclosure_requests_asset_idx` ON `disclosure_requests` (`asset_id`);--> statement-breakpoint
-- hand-written: the access policy the seeds fix (REFERENCE_ACCESS_POLICIES in src/seed/reference.ts),
-- the regional default owned by VGR, for a registry whose reference data was loaded before this
-- table existed. A fresh database has no VGR yet at this point and gets the rows from loadReferenceData.
INSERT INTO `access_policies` (`profession`, `category_id`, `may_read`, `may_write`, `may_sign`, `may_sign_mobile`, `owner_org_id`)
SELECT 'nursing_assistant', c.`id`, 1, 0, 0, 1, o.`id`
FROM `organisations` o JOIN `information_categories` c ON c.`code` IN ('medication_order', 'delegated_task') AND c.`is_demo` = 0
WHERE o.`organisation_number` = '2321000131' AND o.`is_demo` = 0;
