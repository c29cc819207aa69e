import type { ReleasePlanDefinition, ReleaseState } from '@switchyard/core';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { json } from './json-column';

/** Guarded release plans: a flag's staged exposure in one environment, its frozen gates and its stage machine's state. */
export const releasePlans = sqliteTable(
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
    revision: integer('revision').notNull(),
  },
  (t) => [index('release_plans_flag_env').on(t.flagKey, t.envKey)],
);

/** What SDKs tracked per flag and variation (`client.track`), in 10-second buckets: the gates' figures. */
export const releaseSignals = sqliteTable(
  'release_signals',
  {
    envKey: text('env_key').notNull(),
    flagKey: text('flag_key').notNull(),
    variant: text('variant').notNull(),
    /** The bucket's start (ISO, whole 10 seconds). */
    bucket: text('bucket').notNull(),
    samples: integer('samples').notNull(),
    errors: integer('errors').notNull(),
    latencySumMs: integer('latency_sum_ms').notNull(),
    timed: integer('timed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.flagKey, t.variant, t.bucket] })],
);

/**
 * Each replica's count of its own SDK connections that applied a running plan's stage version:
 * the deciding replica adds up the fresh reports of all, so "landed on N of N" spans every replica.
 */
export const releaseDelivery = sqliteTable(
  'release_delivery',
  {
    planId: text('plan_id').notNull(),
    replicaId: text('replica_id').notNull(),
    version: integer('version').notNull(),
    applied: integer('applied').notNull(),
    total: integer('total').notNull(),
    reportedAt: text('reported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.replicaId] })],
);
