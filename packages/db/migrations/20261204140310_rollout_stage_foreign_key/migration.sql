PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`organisation_number` text,
	`hsa_id` text,
	`own_principal` integer DEFAULT false NOT NULL,
	`municipality_code` text,
	`association_id` integer,
	`licensing_municipality_id` integer,
	`rollout_stage_id` integer,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_organisations_association_id_organisations_id_fk` FOREIGN KEY (`association_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_organisations_licensing_municipality_id_organisations_id_fk` FOREIGN KEY (`licensing_municipality_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_organisations_rollout_stage_id_rollout_stages_id_fk` FOREIGN KEY (`rollout_stage_id`) REFERENCES `rollout_stages`(`id`),
	CONSTRAINT `fk_organisations_owner_org_id_organisations_id_fk` FOREIGN KEY (`owner_org_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
INSERT INTO `__new_organisations`(`id`, `kind`, `name`, `organisation_number`, `hsa_id`, `own_principal`, `municipality_code`, `association_id`, `licensing_municipality_id`, `rollout_stage_id`, `owner_org_id`, `version`, `is_demo`, `created_at`, `updated_at`) SELECT `id`, `kind`, `name`, `organisation_number`, `hsa_id`, `own_principal`, `municipality_code`, `association_id`, `licensing_municipality_id`, `rollout_stage_id`, `owner_org_id`, `version`, `is_demo`, `created_at`, `updated_at` FROM `organisations`;--> statement-breakpoint
DROP TABLE `organisations`;--> statement-breakpoint
ALTER TABLE `__new_organisations` RENAME TO `organisations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_municipality_code_uq` ON `organisations` (`municipality_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_organisation_number_demo_uq` ON `organisations` (`organisation_number`,`is_demo`);--> statement-breakpoint
CREATE INDEX `organisations_kind_name_idx` ON `organisations` (`kind`,`name`);--> statement-breakpoint
CREATE INDEX `organisations_association_idx` ON `organisations` (`association_id`);--> statement-breakpoint
CREATE INDEX `organisations_owner_idx` ON `organisations` (`owner_org_id`);