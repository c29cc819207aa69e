CREATE TABLE `change_request_reviews` (
	`request_id` text NOT NULL,
	`n` integer NOT NULL,
	`reviewer` text NOT NULL,
	`reviewer_key_id` text,
	`reviewer_role` text NOT NULL,
	`decision` text NOT NULL,
	`revision` integer NOT NULL,
	`content_hash` text NOT NULL,
	`comment` text,
	`at` text NOT NULL,
	PRIMARY KEY(`request_id`, `n`)
);
--> statement-breakpoint
CREATE TABLE `change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`env_key` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`title` text NOT NULL,
	`author` text NOT NULL,
	`author_key_id` text,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`revision` integer NOT NULL,
	`scheduled_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `change_requests_env_idx` ON `change_requests` (`env_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `change_requests_due_idx` ON `change_requests` (`state`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `review_policies` (
	`env_key` text PRIMARY KEY NOT NULL,
	`require_review` integer NOT NULL,
	`min_approvals` integer NOT NULL,
	`approver_roles` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
