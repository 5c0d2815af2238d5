-- User log entries are append-only in the database itself, not only in the API: UPDATE is always
-- refused, and DELETE only while the purge gate is open (`fvm logs purge` opens it inside its own
-- transaction, after recording a checkpoint). The same holds for checkpoints, but for those of
-- demo chains, which `fvm demo remove` takes away with the demo entries.
INSERT INTO `user_log_purge_gate` (`id`, `open`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `user_log_entries_no_update` BEFORE UPDATE ON `user_log_entries`
BEGIN
  SELECT RAISE(ABORT, 'user log entries are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_entries_no_delete` BEFORE DELETE ON `user_log_entries`
WHEN (SELECT `open` FROM `user_log_purge_gate` WHERE `id` = 1) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'user log entries are append-only; only fvm logs purge removes entries past retention');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_checkpoints_no_update` BEFORE UPDATE ON `user_log_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'user log checkpoints are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_checkpoints_no_delete` BEFORE DELETE ON `user_log_checkpoints`
WHEN (SELECT `is_demo` FROM `user_log_chains` WHERE `id` = OLD.`chain_id`) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'user log checkpoints are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_reads_no_change` BEFORE UPDATE ON `user_log_reads`
BEGIN
  SELECT RAISE(ABORT, 'the record of log reads is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_reads_no_delete` BEFORE DELETE ON `user_log_reads`
BEGIN
  SELECT RAISE(ABORT, 'the record of log reads is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `user_log_chains_no_delete` BEFORE DELETE ON `user_log_chains`
BEGIN
  SELECT RAISE(ABORT, 'user log chains are never deleted');
END;
