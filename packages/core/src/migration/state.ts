import { z } from 'zod';
import { MIGRATION_STAGES, type MigrationStage, type Origin } from './stages';

/**
 * Why a store is fresh or stale. Fresh causes: `system-of-record` (the old store, written
 * throughout since the migration began), `no-backfill-required` (the new store of a flag that
 * declared it needs no backfill), `backfill-attested` (a forward backfill into the new store, or a
 * reverse backfill into the old one, was attested complete). Stale causes: `awaiting-backfill`
 * (the new store before any attestation) and `writes-stopped` (the stage stopped writing the store:
 * the new store on a return to `off`, the old store on reaching `complete`).
 */
export const STORE_CAUSES = ['system-of-record', 'no-backfill-required', 'backfill-attested', 'awaiting-backfill', 'writes-stopped'] as const;
export type StoreCause = (typeof STORE_CAUSES)[number];

const FRESH_CAUSES: ReadonlySet<StoreCause> = new Set<StoreCause>(['system-of-record', 'no-backfill-required', 'backfill-attested']);

/**
 * What the machine knows about one store. A store is **fresh** when it holds every record the
 * other store holds (so it may be authoritative for reads), **stale** when it may miss some.
 */
export interface StoreKnowledge {
  readonly fresh: boolean;
  /** When the store entered its current status (ISO 8601). Re-attesting a fresh store does not move it. */
  readonly since: string;
  /** Why the store is in that status. Fresh causes go with `fresh: true`, stale ones with `false`. */
  readonly cause: StoreCause;
}

/** What is known about backfills. */
export interface BackfillKnowledge {
  /** The flag's declaration at creation: whether the new store needs a backfill before it can serve. */
  readonly required: boolean;
  /**
   * Times of the attestations currently in force (ISO 8601), or null. An attestation lapses — is
   * set back to null — when writes to its store stop (`forward` on a return to `off`, `reverse`
   * on reaching `complete`).
   */
  readonly attested: { readonly forward: string | null; readonly reverse: string | null };
}

/**
 * The state of one migration flag in one environment: the stage plus what is known about each
 * store. Plain data: the server persists it as JSON (validate with {@link migrationStateSchema}).
 */
export interface MigrationState {
  readonly stage: MigrationStage;
  /** When the current stage was entered (ISO 8601). The compatibility window is measured from it. */
  readonly enteredStageAt: string;
  /**
   * When the evidence for leaving this stage started to accrue (ISO 8601): the later of entering
   * the stage and the last time a store this stage reads turned fresh. Dwell gates are measured
   * from it, and the server should aggregate compared reads, consistency and errors from it too,
   * because figures gathered while a store being read was stale say nothing.
   */
  readonly evidenceSince: string;
  readonly newStore: StoreKnowledge;
  readonly oldStore: StoreKnowledge;
  readonly backfill: BackfillKnowledge;
}

/** Whether a store with this cause is fresh. */
export function isFreshCause(cause: StoreCause): boolean {
  return FRESH_CAUSES.has(cause);
}

/** The knowledge held about one store of a state. */
export function storeOf(state: MigrationState, origin: Origin): StoreKnowledge {
  return origin === 'new' ? state.newStore : state.oldStore;
}

/**
 * The state of a new migration flag: stage `off`, old store fresh (it is the system of record),
 * new store stale until a backfill is attested — or fresh from the start when the flag declares
 * that no backfill is needed (its new store has no history to copy). `now` is an ISO 8601 time.
 */
export function initialState(now: string, options: { backfillRequired: boolean }): MigrationState {
  return {
    stage: 'off',
    enteredStageAt: now,
    evidenceSince: now,
    newStore: options.backfillRequired
      ? { fresh: false, since: now, cause: 'awaiting-backfill' }
      : { fresh: true, since: now, cause: 'no-backfill-required' },
    oldStore: { fresh: true, since: now, cause: 'system-of-record' },
    backfill: { required: options.backfillRequired, attested: { forward: null, reverse: null } },
  };
}

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const storeKnowledgeSchema = z
  .strictObject({ fresh: z.boolean(), since: isoTime, cause: z.enum(STORE_CAUSES) })
  .refine((s) => s.fresh === isFreshCause(s.cause), { message: 'fresh must agree with cause', path: ['fresh'] });

/**
 * Zod schema of a persisted {@link MigrationState}, for the server to check what it reads back.
 * Checks shapes and that each store's `fresh` agrees with its `cause`.
 */
export const migrationStateSchema = z.strictObject({
  stage: z.enum(MIGRATION_STAGES),
  enteredStageAt: isoTime,
  evidenceSince: isoTime,
  newStore: storeKnowledgeSchema,
  oldStore: storeKnowledgeSchema,
  backfill: z.strictObject({
    required: z.boolean(),
    attested: z.strictObject({ forward: isoTime.nullable(), reverse: isoTime.nullable() }),
  }),
});
