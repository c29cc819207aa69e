CREATE TABLE `backfill_batches` (
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`job_name` text NOT NULL,
	`cursor_start` text NOT NULL,
	`cursor_end` text NOT NULL,
	`report` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`flag_key`, `env_key`, `job_name`, `cursor_start`, `cursor_end`)
);
--> statement-breakpoint
CREATE TABLE `migration_measurements` (
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`stage` text NOT NULL,
	`minute` text NOT NULL,
	`old_invocations` integer NOT NULL,
	`old_errors` integer NOT NULL,
	`new_invocations` integer NOT NULL,
	`new_errors` integer NOT NULL,
	`compared` integer NOT NULL,
	`consistent` integer NOT NULL,
	`old_latency` text NOT NULL,
	`new_latency` text NOT NULL,
	PRIMARY KEY(`flag_key`, `env_key`, `stage`, `minute`)
);
--> statement-breakpoint
CREATE TABLE `migration_settings` (
	`flag_key` text PRIMARY KEY NOT NULL,
	`backfill_required` integer NOT NULL,
	`gates` text NOT NULL,
	`check_ratio` real NOT NULL
);
--> statement-breakpoint
CREATE TABLE `migration_states` (
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`state` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`flag_key`, `env_key`)
);
