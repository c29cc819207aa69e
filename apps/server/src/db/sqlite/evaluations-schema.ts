import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Evaluation counts reported by SDK summaries, per environment, flag and variant ('' = caller default). */
export const flagEvaluations = sqliteTable(
  'flag_evaluations',
  {
    envKey: text('env_key').notNull(),
    flagKey: text('flag_key').notNull(),
    variant: text('variant').notNull(),
    count: integer('count').notNull(),
    firstEvaluatedAt: text('first_evaluated_at').notNull(),
    lastEvaluatedAt: text('last_evaluated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.flagKey, t.variant] })],
);

/** The same counts per UTC day, for the flag page's "over time" view (kept EVALUATION_DAYS_KEPT days). */
export const flagEvaluationDays = sqliteTable(
  'flag_evaluation_days',
  {
    envKey: text('env_key').notNull(),
    flagKey: text('flag_key').notNull(),
    variant: text('variant').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.flagKey, t.variant, t.day] }), index('flag_evaluation_days_flag_day').on(t.flagKey, t.day)],
);
