CREATE TABLE `organisations` (
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
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `powers_of_attorney` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`municipality_id` integer NOT NULL,
	`granted_to_id` integer NOT NULL,
	`granted_on` text,
	`scope` text NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_powers_of_attorney_municipality_id_organisations_id_fk` FOREIGN KEY (`municipality_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_powers_of_attorney_granted_to_id_organisations_id_fk` FOREIGN KEY (`granted_to_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `rollout_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`number` integer NOT NULL UNIQUE,
	`area` text NOT NULL,
	`planned_go_live` text,
	`actual_go_live` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `call_offs` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`municipality_id` integer NOT NULL,
	`option_id` integer NOT NULL,
	`procurement_id` integer NOT NULL,
	`status` text NOT NULL,
	`submitted_on` text,
	`signed_on` text,
	`decision_reference` text,
	`operations_agreement_signed` integer DEFAULT false NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_call_offs_municipality_id_organisations_id_fk` FOREIGN KEY (`municipality_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_call_offs_option_id_options_id_fk` FOREIGN KEY (`option_id`) REFERENCES `options`(`id`),
	CONSTRAINT `fk_call_offs_procurement_id_procurements_id_fk` FOREIGN KEY (`procurement_id`) REFERENCES `procurements`(`id`)
);
--> statement-breakpoint
CREATE TABLE `option_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`option_id` integer NOT NULL,
	`linked_option_id` integer NOT NULL,
	`note` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_option_links_option_id_options_id_fk` FOREIGN KEY (`option_id`) REFERENCES `options`(`id`),
	CONSTRAINT `fk_option_links_linked_option_id_options_id_fk` FOREIGN KEY (`linked_option_id`) REFERENCES `options`(`id`)
);
--> statement-breakpoint
CREATE TABLE `options` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`number` integer NOT NULL UNIQUE,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`description` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `procurements` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`method` text NOT NULL,
	`call_off_window_opens_on` text,
	`call_off_window_closes_on` text,
	`implementation_completed_on` text,
	`term_years` integer NOT NULL,
	`max_extension_years` integer NOT NULL,
	`extension_years` integer DEFAULT 0 NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agreement_parties` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`agreement_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_agreement_parties_agreement_id_agreements_id_fk` FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`),
	CONSTRAINT `fk_agreement_parties_organisation_id_organisations_id_fk` FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `agreement_services` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`agreement_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_agreement_services_agreement_id_agreements_id_fk` FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`),
	CONSTRAINT `fk_agreement_services_service_id_services_id_fk` FOREIGN KEY (`service_id`) REFERENCES `services`(`id`)
);
--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`reference` text,
	`status` text NOT NULL,
	`signed_on` text,
	`valid_from` text,
	`valid_to` text,
	`end_follows_procurement_term` integer DEFAULT false NOT NULL,
	`procurement_id` integer,
	`penalties` integer DEFAULT false NOT NULL,
	`art28_subject_matter` integer,
	`art28_duration` integer,
	`art28_nature` integer,
	`art28_purpose` integer,
	`art28_data_types` integer,
	`art28_data_subject_categories` integer,
	`art28_controller_rights` integer,
	`art28_a_documented_instructions` integer,
	`art28_b_confidentiality` integer,
	`art28_c_security` integer,
	`art28_d_sub_processor_conditions` integer,
	`art28_e_data_subject_rights` integer,
	`art28_f_compliance_assistance` integer,
	`art28_g_delete_or_return` integer,
	`art28_h_audits` integer,
	`governing_body` text,
	`contact_point` text,
	`public_summary` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_agreements_procurement_id_procurements_id_fk` FOREIGN KEY (`procurement_id`) REFERENCES `procurements`(`id`)
);
--> statement-breakpoint
CREATE TABLE `joint_controller_responsibilities` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`agreement_id` integer NOT NULL,
	`area` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`description` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_joint_controller_responsibilities_agreement_id_agreements_id_fk` FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`),
	CONSTRAINT `fk_joint_controller_responsibilities_organisation_id_organisations_id_fk` FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `licences` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`municipality_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`modules` text,
	`valid_from` text,
	`valid_to` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_licences_municipality_id_organisations_id_fk` FOREIGN KEY (`municipality_id`) REFERENCES `organisations`(`id`),
	CONSTRAINT `fk_licences_provider_id_organisations_id_fk` FOREIGN KEY (`provider_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `processing_instructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`agreement_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`processing` text NOT NULL,
	`data_categories` text,
	`data_subject_categories` text,
	`purpose` text,
	`retention` text,
	`sub_processors_allowed` integer DEFAULT false NOT NULL,
	`transfers_outside_eea` integer DEFAULT false NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_processing_instructions_agreement_id_agreements_id_fk` FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`),
	CONSTRAINT `fk_processing_instructions_service_id_services_id_fk` FOREIGN KEY (`service_id`) REFERENCES `services`(`id`)
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`name` text NOT NULL UNIQUE,
	`description` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `information_assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`category_id` integer NOT NULL,
	`description` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_information_assets_category_id_information_categories_id_fk` FOREIGN KEY (`category_id`) REFERENCES `information_categories`(`id`)
);
--> statement-breakpoint
CREATE TABLE `information_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`option_id` integer,
	`record_kind` text NOT NULL,
	`harm_assessment_required` integer DEFAULT false NOT NULL,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_information_categories_option_id_options_id_fk` FOREIGN KEY (`option_id`) REFERENCES `options`(`id`)
);
--> statement-breakpoint
CREATE TABLE `retention_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`category_id` integer NOT NULL,
	`action` text NOT NULL,
	`years` integer,
	`trigger` text NOT NULL,
	`legal_basis` text,
	`purge_decision_body` text,
	`purge_decision_reference` text,
	`purge_decision_on` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT `fk_retention_rules_category_id_information_categories_id_fk` FOREIGN KEY (`category_id`) REFERENCES `information_categories`(`id`)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`token_hash` text NOT NULL UNIQUE,
	`prefix` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`label` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	CONSTRAINT `fk_api_tokens_organisation_id_organisations_id_fk` FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`)
);
--> statement-breakpoint
CREATE TABLE `changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`at` text NOT NULL,
	`actor_org_id` integer,
	`actor_token_id` integer,
	`actor_role` text,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`operation` text NOT NULL,
	`before` text,
	`after` text,
	`owner_org_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_municipality_code_uq` ON `organisations` (`municipality_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_organisation_number_uq` ON `organisations` (`organisation_number`);--> statement-breakpoint
CREATE INDEX `organisations_kind_name_idx` ON `organisations` (`kind`,`name`);--> statement-breakpoint
CREATE INDEX `organisations_association_idx` ON `organisations` (`association_id`);--> statement-breakpoint
CREATE INDEX `organisations_owner_idx` ON `organisations` (`owner_org_id`);--> statement-breakpoint
CREATE INDEX `powers_of_attorney_municipality_idx` ON `powers_of_attorney` (`municipality_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `call_offs_municipality_option_uq` ON `call_offs` (`municipality_id`,`option_id`);--> statement-breakpoint
CREATE INDEX `call_offs_option_status_idx` ON `call_offs` (`option_id`,`status`);--> statement-breakpoint
CREATE INDEX `call_offs_owner_idx` ON `call_offs` (`owner_org_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `option_links_pair_uq` ON `option_links` (`option_id`,`linked_option_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_parties_uq` ON `agreement_parties` (`agreement_id`,`organisation_id`,`role`);--> statement-breakpoint
CREATE INDEX `agreement_parties_organisation_idx` ON `agreement_parties` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_services_uq` ON `agreement_services` (`agreement_id`,`service_id`);--> statement-breakpoint
CREATE INDEX `agreement_services_service_idx` ON `agreement_services` (`service_id`);--> statement-breakpoint
CREATE INDEX `agreements_kind_status_idx` ON `agreements` (`kind`,`status`);--> statement-breakpoint
CREATE INDEX `agreements_valid_to_idx` ON `agreements` (`valid_to`);--> statement-breakpoint
CREATE INDEX `agreements_owner_idx` ON `agreements` (`owner_org_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `joint_controller_responsibilities_uq` ON `joint_controller_responsibilities` (`agreement_id`,`area`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `licences_municipality_idx` ON `licences` (`municipality_id`);--> statement-breakpoint
CREATE INDEX `licences_provider_idx` ON `licences` (`provider_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `processing_instructions_uq` ON `processing_instructions` (`agreement_id`,`service_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `information_assets_owner_category_uq` ON `information_assets` (`owner_org_id`,`category_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `retention_rules_owner_category_uq` ON `retention_rules` (`owner_org_id`,`category_id`);--> statement-breakpoint
CREATE INDEX `retention_rules_category_idx` ON `retention_rules` (`category_id`);--> statement-breakpoint
CREATE INDEX `changes_entity_idx` ON `changes` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `changes_owner_idx` ON `changes` (`owner_org_id`,`id`);--> statement-breakpoint
CREATE INDEX `changes_at_idx` ON `changes` (`at`);