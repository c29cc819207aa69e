import type { MigrationStage } from './stages';
import type { MigrationState, StoreKnowledge } from './state';

/**
 * The state after entering `to` at `now`, with the freshness consequences of the stage's writes:
 * entering `off` stops writes to the new store, which turns stale (and its attestation lapses);
 * entering `complete` stops writes to the old store, likewise. No checks: callers decide.
 */
export function enterStage(state: MigrationState, to: MigrationStage, now: string): MigrationState {
  const stopsNew = to === 'off' && state.stage !== 'off';
  const stopsOld = to === 'complete' && state.stage !== 'complete';
  return {
    stage: to,
    enteredStageAt: now,
    evidenceSince: now,
    newStore: stopsNew ? stopped(state.newStore, now) : state.newStore,
    oldStore: stopsOld ? stopped(state.oldStore, now) : state.oldStore,
    backfill: {
      required: state.backfill.required,
      attested: {
        forward: stopsNew ? null : state.backfill.attested.forward,
        reverse: stopsOld ? null : state.backfill.attested.reverse,
      },
    },
  };
}

function stopped(store: StoreKnowledge, now: string): StoreKnowledge {
  // Already stopped: keep the time it stopped (a later stop does not make it any less stale).
  return store.cause === 'writes-stopped' ? store : { fresh: false, since: now, cause: 'writes-stopped' };
}
