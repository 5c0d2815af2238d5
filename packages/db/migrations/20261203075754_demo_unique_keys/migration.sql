DROP INDEX IF EXISTS `organisations_organisation_number_uq`;--> statement-breakpoint
DROP INDEX IF EXISTS `call_offs_municipality_option_uq`;--> statement-breakpoint
DROP INDEX IF EXISTS `information_assets_owner_category_uq`;--> statement-breakpoint
DROP INDEX IF EXISTS `retention_rules_owner_category_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_organisation_number_demo_uq` ON `organisations` (`organisation_number`,`is_demo`);--> statement-breakpoint
CREATE UNIQUE INDEX `call_offs_municipality_option_demo_uq` ON `call_offs` (`municipality_id`,`option_id`,`is_demo`);--> statement-breakpoint
CREATE UNIQUE INDEX `information_assets_owner_category_demo_uq` ON `information_assets` (`owner_org_id`,`category_id`,`is_demo`);--> statement-breakpoint
CREATE UNIQUE INDEX `retention_rules_owner_category_demo_uq` ON `retention_rules` (`owner_org_id`,`category_id`,`is_demo`);