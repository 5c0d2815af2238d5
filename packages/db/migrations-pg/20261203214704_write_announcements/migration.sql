-- hand-written: every commit that changes what a query answers is announced on the channel
-- fvm_writes, whoever wrote it (a server process, the command line, psql), as SQLite's data_version
-- moves for any writer: each server process's response cache listens for it (stores/postgres.ts).
-- One notification per transaction (PostgreSQL folds identical ones), sent at commit.
-- Not announced: a recorded read of the user log (every log query writes one, and it changes no
-- answer a cache holds), i.e. inserts into user_log_reads and its sealed head's row.
CREATE FUNCTION fvm_announce_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fvm_writes', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN ('user_log_reads', 'proof_heads')
  LOOP
    EXECUTE format('CREATE TRIGGER fvm_announce_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION fvm_announce_write()', t.relname);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TRIGGER fvm_announce_write AFTER UPDATE OR DELETE OR TRUNCATE ON user_log_reads FOR EACH STATEMENT EXECUTE FUNCTION fvm_announce_write();
--> statement-breakpoint
CREATE TRIGGER fvm_announce_write AFTER INSERT OR UPDATE ON proof_heads FOR EACH ROW WHEN (NEW.name <> 'user_log_reads') EXECUTE FUNCTION fvm_announce_write();
--> statement-breakpoint
CREATE TRIGGER fvm_announce_delete AFTER DELETE OR TRUNCATE ON proof_heads FOR EACH STATEMENT EXECUTE FUNCTION fvm_announce_write();
