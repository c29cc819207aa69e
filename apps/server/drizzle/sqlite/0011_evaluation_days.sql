CREATE TABLE `flag_evaluation_days` (
	`env_key` text NOT NULL,
	`flag_key` text NOT NULL,
	`variant` text NOT NULL,
	`day` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`env_key`, `flag_key`, `variant`, `day`)
);
--> statement-breakpoint
CREATE INDEX `flag_evaluation_days_flag_day` ON `flag_evaluation_days` (`flag_key`,`day`);