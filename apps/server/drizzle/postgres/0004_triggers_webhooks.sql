CREATE TABLE "triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"flag_key" text NOT NULL,
	"env_key" text NOT NULL,
	"action" text NOT NULL,
	"url_hash" text NOT NULL,
	"url_hint" text NOT NULL,
	"signing_secret" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"rotated_at" text,
	"disabled_at" text,
	"disabled_by" text
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"webhook_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"attempt" bigint NOT NULL,
	"at" text NOT NULL,
	"status" bigint,
	"error" text,
	"duration_ms" bigint NOT NULL,
	"sender" text NOT NULL,
	CONSTRAINT "webhook_attempts_webhook_id_seq_attempt_pk" PRIMARY KEY("webhook_id","seq","attempt")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"webhook_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" bigint NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_status" bigint,
	"last_error" text,
	"delivered_at" text,
	"created_at" text NOT NULL,
	CONSTRAINT "webhook_deliveries_webhook_id_seq_pk" PRIMARY KEY("webhook_id","seq")
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"format" text NOT NULL,
	"secret" text NOT NULL,
	"environments" json,
	"flags" json,
	"tags" json,
	"actions" json,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"disabled_at" text,
	"disabled_by" text,
	"lease_owner" text,
	"lease_until" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "triggers_url_hash_idx" ON "triggers" USING btree ("url_hash");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("status","webhook_id","seq");