ALTER TABLE "user_log_chains" ADD COLUMN "lane" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "user_log_chains" ADD COLUMN "seal_state" text;--> statement-breakpoint
ALTER TABLE "user_log_chains" ADD COLUMN "seal_key_id" integer;--> statement-breakpoint
ALTER TABLE "user_log_chains" ADD COLUMN "seal" bytea;--> statement-breakpoint
ALTER TABLE "user_log_checkpoints" ADD COLUMN "lanes" text;