ALTER TABLE `api_tokens` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `last_used_at` text;--> statement-breakpoint
ALTER TABLE `changes` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Tokens made before expiry existed get the default 90 days from their creation (an old token
-- that is past that stops working: make a new one with `fvm token create`); demo tokens a day.
UPDATE `api_tokens` SET `expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', `created_at`, CASE WHEN `is_demo` = 1 THEN '+1 day' ELSE '+90 days' END) WHERE `expires_at` IS NULL;
--> statement-breakpoint
-- Changes already recorded to demo rows are demo changes: the row before or after says so.
UPDATE `changes` SET `is_demo` = 1 WHERE json_extract(coalesce(`after`, `before`), '$.isDemo') = 1;
