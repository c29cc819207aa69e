CREATE TABLE `environments` (
	`key` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `flag_configs` (
	`flag_key` text NOT NULL,
	`env_key` text NOT NULL,
	`enabled` integer NOT NULL,
	`killed` text,
	`targets` text NOT NULL,
	`rules` text NOT NULL,
	`fallthrough` text NOT NULL,
	`prerequisites` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`flag_key`, `env_key`),
	FOREIGN KEY (`flag_key`) REFERENCES `flags`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `flags` (
	`key` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`type` text NOT NULL,
	`owner` text NOT NULL,
	`tags` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`variation_type` text NOT NULL,
	`variations` text NOT NULL,
	`off_variation` integer NOT NULL,
	`client_side` integer NOT NULL,
	`archived_at` text,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`env_key` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`included` text NOT NULL,
	`excluded` text NOT NULL,
	`rules` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`env_key`, `key`)
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`role` text,
	`env_key` text,
	`name` text NOT NULL,
	`hash` text NOT NULL,
	`hint` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_idx` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`actor_key_id` text,
	`action` text NOT NULL,
	`resource` text NOT NULL,
	`flag_key` text,
	`env_key` text,
	`target_key` text,
	`before` text,
	`after` text,
	`reason` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_flag_idx` ON `audit_log` (`flag_key`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_env_idx` ON `audit_log` (`env_key`,`seq`);--> statement-breakpoint
CREATE TABLE `env_changes` (
	`env_key` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`op` text NOT NULL,
	`payload` text,
	`at` text NOT NULL,
	PRIMARY KEY(`env_key`, `version`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
