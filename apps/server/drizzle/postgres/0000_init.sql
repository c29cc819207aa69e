CREATE TABLE "environments" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flag_configs" (
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"enabled" boolean NOT NULL,
	"killed" json,
	"targets" json NOT NULL,
	"rules" json NOT NULL,
	"fallthrough" json NOT NULL,
	"prerequisites" json NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "flag_configs_flag_key_env_key_pk" PRIMARY KEY("flag_key","env_key")
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"type" text NOT NULL,
	"owner" text NOT NULL,
	"tags" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text,
	"variation_type" text NOT NULL,
	"variations" json NOT NULL,
	"off_variation" integer NOT NULL,
	"client_side" boolean NOT NULL,
	"archived_at" text,
	"version" bigint NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"env_key" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"included" json NOT NULL,
	"excluded" json NOT NULL,
	"rules" json NOT NULL,
	"version" bigint NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "segments_env_key_key_pk" PRIMARY KEY("env_key","key")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"role" text,
	"env_key" text,
	"name" text NOT NULL,
	"hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"revoked_at" text,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"actor" text NOT NULL,
	"actor_key_id" text,
	"action" text NOT NULL,
	"resource" text NOT NULL,
	"flag_key" text,
	"env_key" text,
	"target_key" text,
	"before" text,
	"after" text,
	"reason" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "env_changes" (
	"env_key" text NOT NULL,
	"version" bigint NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"op" text NOT NULL,
	"payload" text,
	"at" text NOT NULL,
	CONSTRAINT "env_changes_env_key_version_pk" PRIMARY KEY("env_key","version")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flag_evaluations" (
	"env_key" text NOT NULL,
	"flag_key" text NOT NULL,
	"variant" text NOT NULL,
	"count" bigint NOT NULL,
	"first_evaluated_at" text NOT NULL,
	"last_evaluated_at" text NOT NULL,
	CONSTRAINT "flag_evaluations_env_key_flag_key_variant_pk" PRIMARY KEY("env_key","flag_key","variant")
);
--> statement-breakpoint
CREATE TABLE "backfill_batches" (
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"job_name" text NOT NULL,
	"cursor_start" text NOT NULL,
	"cursor_end" text NOT NULL,
	"report" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "backfill_batches_flag_key_env_key_job_name_cursor_start_cursor_end_pk" PRIMARY KEY("flag_key","env_key","job_name","cursor_start","cursor_end")
);
--> statement-breakpoint
CREATE TABLE "migration_measurements" (
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"stage" text NOT NULL,
	"minute" text NOT NULL,
	"old_invocations" bigint NOT NULL,
	"old_errors" bigint NOT NULL,
	"new_invocations" bigint NOT NULL,
	"new_errors" bigint NOT NULL,
	"compared" bigint NOT NULL,
	"consistent" bigint NOT NULL,
	"old_latency" json NOT NULL,
	"new_latency" json NOT NULL,
	CONSTRAINT "migration_measurements_flag_key_env_key_stage_minute_pk" PRIMARY KEY("flag_key","env_key","stage","minute")
);
--> statement-breakpoint
CREATE TABLE "migration_settings" (
	"flag_key" text PRIMARY KEY NOT NULL,
	"backfill_required" boolean NOT NULL,
	"gates" json NOT NULL,
	"check_ratio" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "migration_states" (
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"state" json NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "migration_states_flag_key_env_key_pk" PRIMARY KEY("flag_key","env_key")
);
--> statement-breakpoint
ALTER TABLE "flag_configs" ADD CONSTRAINT "flag_configs_flag_key_flags_key_fk" FOREIGN KEY ("flag_key") REFERENCES "public"."flags"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flags_tags_idx" ON "flags" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "audit_flag_idx" ON "audit_log" USING btree ("flag_key","seq");--> statement-breakpoint
CREATE INDEX "audit_env_idx" ON "audit_log" USING btree ("env_key","seq");