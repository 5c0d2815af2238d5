ALTER TABLE "user_log_entry_keys" DROP CONSTRAINT "user_log_entry_keys_entry_fk";--> statement-breakpoint
-- By hand: the key's foreign key to its entry is gone (see schema-pg/userLogs.ts: checking it
-- against the partitioned entries cost more than storing them); a purge and the removal of demo
-- entries now delete the keys themselves, through the purge gate like the entries.
COMMENT ON TABLE "user_log_entry_keys" IS 'The source id of every user log entry, unique over all months; deleted with its entry by purge and demo removal.';
