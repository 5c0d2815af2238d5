DROP INDEX "user_log_chains_owner_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "user_log_chains_owner_lane_uq" ON "user_log_chains" ("data_owner_id","is_demo","lane");