CREATE TABLE `follow_up_goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`year` integer NOT NULL,
	`position` integer NOT NULL,
	`section` text NOT NULL,
	`heading` text,
	`goal` text,
	`activity` text,
	`budget` integer,
	`budget_text` text,
	`time_assessment` text,
	`time_percent` integer,
	`time_note` text,
	`goal_status` text,
	`trend` text,
	`comment` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `follow_up_status_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`month` text NOT NULL,
	`summary` text,
	`plan` text,
	`owner_org_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `follow_up_goals_year_position_idx` ON `follow_up_goals` (`year`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_status_reports_owner_month_demo_uq` ON `follow_up_status_reports` (`owner_org_id`,`month`,`is_demo`);