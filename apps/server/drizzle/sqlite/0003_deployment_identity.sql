CREATE TABLE `deployment` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL
);
