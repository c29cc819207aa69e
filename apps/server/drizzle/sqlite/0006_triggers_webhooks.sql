CREATE TABLE `triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`action` text NOT NULL,
	`url_hash` text NOT NULL,
	`url_hint` text NOT NULL,
	`signing_secret` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`rotated_at` text,
	`disabled_at` text,
	`disabled_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `triggers_url_hash_idx` ON `triggers` (`url_hash`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`webhook_id` text NOT NULL,
	`seq` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`status` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	`sender` text NOT NULL,
	PRIMARY KEY(`webhook_id`, `seq`, `attempt`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`webhook_id` text NOT NULL,
	`seq` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_status` integer,
	`last_error` text,
	`delivered_at` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`webhook_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_pending_idx` ON `webhook_deliveries` (`status`,`webhook_id`,`seq`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`format` text NOT NULL,
	`secret` text NOT NULL,
	`environments` text,
	`flags` text,
	`tags` text,
	`actions` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` text,
	`disabled_by` text,
	`lease_owner` text,
	`lease_until` integer
);
