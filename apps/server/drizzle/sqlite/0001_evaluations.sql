CREATE TABLE `flag_evaluations` (
	`env_key` text NOT NULL,
	`flag_key` text NOT NULL,
	`variant` text NOT NULL,
	`count` integer NOT NULL,
	`first_evaluated_at` text NOT NULL,
	`last_evaluated_at` text NOT NULL,
	PRIMARY KEY(`env_key`, `flag_key`, `variant`)
);
