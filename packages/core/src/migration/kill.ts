import { enterStage } from './enter-stage';
import { MIGRATION_STAGES, planFor, stageIndex, type MigrationStage, type Origin } from './stages';
import type { MigrationState } from './state';

/**
 * The store of record: the store the migration treats as holding every record. It is the old store
 * while that is fresh (it is the system of record from the start, and stays fresh in every stage but
 * `complete`, or again after a reverse backfill); once the old store is stale, the new store if that
 * is fresh; none when both are stale (possible only after forced moves).
 */
export function storeOfRecord(state: MigrationState): Origin | undefined {
  if (state.oldStore.fresh) return 'old';
  return state.newStore.fresh ? 'new' : undefined;
}

/**
 * Where a kill takes a migration: the latest stage, no later than the current one, in which every
 * read goes to the store of record alone (its plan reads that one store and nothing else). With the
 * old store as the store of record that is `dualwrite` from `dualwrite` onwards (reads only the old
 * store, still writes the new one, so the new store stays fresh and its backfill attestation holds)
 * and `off` from `off`; with the new store (old store stale at `complete`) it is the current stage
 * when that is `rampdown` or `complete`. When no stage qualifies the current stage is kept: a kill
 * never moves a migration onto a stale store, and staying put is never less safe than now.
 */
export function safeStage(state: MigrationState): MigrationStage {
  const record = storeOfRecord(state);
  if (record === undefined) return state.stage;
  for (let i = stageIndex(state.stage); i >= 0; i--) {
    const stage = MIGRATION_STAGES[i]!;
    const reads = planFor(stage).reads;
    if (reads.length === 1 && reads[0] === record) return stage;
  }
  return state.stage;
}

/**
 * The state after a kill at `now`: entered the {@link safeStage} (with that stage's freshness
 * consequences, as any move), or `state` itself when the migration is already there. A killed
 * migration moves only backward until it is restored (see `structuralRefusals`).
 */
export function killMigration(state: MigrationState, now: string): MigrationState {
  const to = safeStage(state);
  return to === state.stage ? state : enterStage(state, to, now);
}
