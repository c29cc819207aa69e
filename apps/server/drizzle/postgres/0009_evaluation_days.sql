CREATE TABLE "flag_evaluation_days" (
	"env_key" text NOT NULL,
	"flag_key" text NOT NULL,
	"variant" text NOT NULL,
	"day" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "flag_evaluation_days_env_key_flag_key_variant_day_pk" PRIMARY KEY("env_key","flag_key","variant","day")
);
--> statement-breakpoint
CREATE INDEX "flag_evaluation_days_flag_day" ON "flag_evaluation_days" USING btree ("flag_key","day");