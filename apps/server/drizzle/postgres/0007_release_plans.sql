CREATE TABLE "release_delivery" (
	"plan_id" text NOT NULL,
	"replica_id" text NOT NULL,
	"version" bigint NOT NULL,
	"applied" bigint NOT NULL,
	"total" bigint NOT NULL,
	"reported_at" text NOT NULL,
	CONSTRAINT "release_delivery_plan_id_replica_id_pk" PRIMARY KEY("plan_id","replica_id")
);
--> statement-breakpoint
CREATE TABLE "release_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"definition" json NOT NULL,
	"state" json NOT NULL,
	"gate_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"ticked_at" text NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_signals" (
	"env_key" text NOT NULL,
	"flag_key" text NOT NULL,
	"variant" text NOT NULL,
	"bucket" text NOT NULL,
	"samples" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"latency_sum_ms" bigint NOT NULL,
	"timed" bigint NOT NULL,
	CONSTRAINT "release_signals_env_key_flag_key_variant_bucket_pk" PRIMARY KEY("env_key","flag_key","variant","bucket")
);
--> statement-breakpoint
CREATE INDEX "release_plans_flag_env" ON "release_plans" USING btree ("flag_key","env_key");