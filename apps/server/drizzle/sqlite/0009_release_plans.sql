CREATE TABLE `release_delivery` (
	`plan_id` text NOT NULL,
	`replica_id` text NOT NULL,
	`version` integer NOT NULL,
	`applied` integer NOT NULL,
	`total` integer NOT NULL,
	`reported_at` text NOT NULL,
	PRIMARY KEY(`plan_id`, `replica_id`)
);
--> statement-breakpoint
CREATE TABLE `release_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`definition` text NOT NULL,
	`state` text NOT NULL,
	`gate_hash` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`ticked_at` text NOT NULL,
	`revision` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `release_plans_flag_env` ON `release_plans` (`flag_key`,`env_key`);--> statement-breakpoint
CREATE TABLE `release_signals` (
	`env_key` text NOT NULL,
	`flag_key` text NOT NULL,
	`variant` text NOT NULL,
	`bucket` text NOT NULL,
	`samples` integer NOT NULL,
	`errors` integer NOT NULL,
	`latency_sum_ms` integer NOT NULL,
	`timed` integer NOT NULL,
	PRIMARY KEY(`env_key`, `flag_key`, `variant`, `bucket`)
);
