import type { Refusal } from './refusal';
import { planFor, type MigrationStage } from './stages';
import { enterStage } from './enter-stage';
import { storeOf, type MigrationState, type StoreKnowledge } from './state';
import { parseIsoTime } from './time';

/** The outcome of an attestation: the next state, or why it was refused. */
export type AttestationDecision =
  | { readonly allowed: true; readonly next: MigrationState }
  | { readonly allowed: false; readonly reasons: readonly Refusal[] };

/** Which backfill is attested: `forward` copies old → new, `reverse` copies new → old. */
export type BackfillDirection = 'forward' | 'reverse';

/**
 * An admin-forced move to `to` at `now`: no rule or gate is checked, so the result may read from a
 * stale store — that is what forcing is for. The freshness consequences of the stage still apply.
 * A move to the current stage returns `state` itself (nothing to do, nothing to audit).
 * The server should call {@link decide} first and audit the move as forced with the refusals it
 * overrode.
 */
export function applyForced(state: MigrationState, to: MigrationStage, now: string): MigrationState {
  return to === state.stage ? state : enterStage(state, to, now);
}

/**
 * Record that a backfill finished: `forward` (old → new) makes the new store fresh, `reverse`
 * (new → old) the old store. Refused when the current stage does not write that store (`off` for
 * the new store, `complete` for the old): writes the store misses after the backfill would make it
 * stale at once. Call it only when the job reports success over its full range
 * ({@link isFullRangeSucceeded}). Re-attesting a fresh store records the time but keeps its status.
 * When a store the current stage reads turns fresh, the stage's evidence restarts at `now`.
 */
export function attestBackfill(state: MigrationState, direction: BackfillDirection, now: string): AttestationDecision {
  const origin = direction === 'forward' ? 'new' : 'old';
  const reasons: Refusal[] = [];
  if (!planFor(state.stage).writes.includes(origin))
    reasons.push({
      rule: 'store-not-written',
      store: origin,
      message: `cannot attest a ${direction} backfill in ${state.stage}: the ${origin} store is not written in this stage, so it would be stale again at once`,
    });
  if (parseIsoTime(now) === undefined) reasons.push({ rule: 'invalid-time', message: `now must be an ISO 8601 date-time, got ${JSON.stringify(now)}` });
  if (reasons.length > 0) return { allowed: false, reasons };

  const before = storeOf(state, origin);
  const store: StoreKnowledge = before.fresh ? before : { fresh: true, since: now, cause: 'backfill-attested' };
  const turnedFresh = !before.fresh;
  const next: MigrationState = {
    ...state,
    evidenceSince: turnedFresh && planFor(state.stage).reads.includes(origin) ? now : state.evidenceSince,
    newStore: origin === 'new' ? store : state.newStore,
    oldStore: origin === 'old' ? store : state.oldStore,
    backfill: {
      required: state.backfill.required,
      attested: { ...state.backfill.attested, [direction]: now },
    },
  };
  return { allowed: true, next };
}
