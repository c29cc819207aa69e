import type { ReleasePlanDefinition, ReleaseState } from '@switchyard/core';
import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int64, json } from './columns';

/** Guarded release plans: a flag's staged exposure in one environment, its frozen gates and its stage machine's state. */
export const releasePlans = pgTable(
  'release_plans',
  {
    id: text('id').primaryKey(),
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    definition: json<ReleasePlanDefinition>('definition').notNull(),
    state: json<ReleaseState>('state').notNull(),
    /** SHA-256 of the gate set as frozen at start. */
    gateHash: text('gate_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** When a scheduler last looked at the plan: replicas skip a plan looked at within the tick. */
    tickedAt: text('ticked_at').notNull(),
    /** Bumped by every transition. */
    revision: int64('revision').notNull(),
  },
  (t) => [index('release_plans_flag_env').on(t.flagKey, t.envKey)],
);

/** What SDKs tracked per flag and variation (`client.track`), in 10-second buckets: the gates' figures. */
export const releaseSignals = pgTable(
  'release_signals',
  {
    envKey: text('env_key').notNull(),
    flagKey: text('flag_key').notNull(),
    variant: text('variant').notNull(),
    /** The bucket's start (ISO, whole 10 seconds). */
    bucket: text('bucket').notNull(),
    samples: int64('samples').notNull(),
    errors: int64('errors').notNull(),
    latencySumMs: int64('latency_sum_ms').notNull(),
    timed: int64('timed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.flagKey, t.variant, t.bucket] })],
);

/**
 * Each replica's count of its own SDK connections that applied a running plan's stage version:
 * the deciding replica adds up the fresh reports of all, so "landed on N of N" spans every replica.
 */
export const releaseDelivery = pgTable(
  'release_delivery',
  {
    planId: text('plan_id').notNull(),
    replicaId: text('replica_id').notNull(),
    version: int64('version').notNull(),
    applied: int64('applied').notNull(),
    total: int64('total').notNull(),
    reportedAt: text('reported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.replicaId] })],
);
