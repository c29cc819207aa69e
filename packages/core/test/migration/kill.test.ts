import { describe, expect, it } from 'vitest';
import {
  allowedMoves,
  applyForced,
  decide,
  initialState,
  killMigration,
  MIGRATION_STAGES,
  planFor,
  resolveGates,
  safeStage,
  stageIndex,
  storeOfRecord,
  type MigrationStage,
  type MigrationState,
  type StoreKnowledge,
} from '../../src/migration/index';

const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-01-02T00:00:00.000Z';
const gates = resolveGates({ minShadowDwellMs: 0, minLiveDwellMs: 0, compatibilityWindowMs: 0 });
const figures = { now: T1, comparedReads: 5000, consistentReads: 5000, newInvocations: 5000, newErrors: 0 };
const FRESH: StoreKnowledge = { fresh: true, since: T0, cause: 'backfill-attested' };
const STALE: StoreKnowledge = { fresh: false, since: T0, cause: 'writes-stopped' };

function stateAt(stage: MigrationStage, oldFresh: boolean, newFresh: boolean): MigrationState {
  return { ...initialState(T0, { backfillRequired: false }), stage, oldStore: oldFresh ? FRESH : STALE, newStore: newFresh ? FRESH : STALE };
}

describe('a kill takes a migration to its safe stage', () => {
  it('with the old store as store of record: dualwrite from dualwrite on (keeps writing the new store), off from off', () => {
    const expected: Record<MigrationStage, MigrationStage> = { off: 'off', dualwrite: 'dualwrite', shadow: 'dualwrite', live: 'dualwrite', rampdown: 'dualwrite', complete: 'dualwrite' };
    for (const stage of MIGRATION_STAGES) {
      const s = stateAt(stage, true, true);
      expect(storeOfRecord(s)).toBe('old');
      expect(safeStage(s), stage).toBe(expected[stage]);
    }
  });

  it('with the old store stale (complete, no reverse backfill): the new store is the store of record, and the stage stays where reads are its alone', () => {
    expect(storeOfRecord(stateAt('complete', false, true))).toBe('new');
    expect(safeStage(stateAt('complete', false, true))).toBe('complete');
    expect(safeStage(stateAt('rampdown', false, true))).toBe('rampdown');
    // After forced moves: no earlier stage reads only the new store, so the stage is kept.
    expect(safeStage(stateAt('live', false, true))).toBe('live');
    expect(safeStage(stateAt('shadow', false, false))).toBe('shadow');
    expect(storeOfRecord(stateAt('shadow', false, false))).toBeUndefined();
  });

  it('for every stage and freshness: never later than now, never a stage returning values from a stale store, and every read of the target from one store', () => {
    for (const stage of MIGRATION_STAGES)
      for (const oldFresh of [true, false])
        for (const newFresh of [true, false]) {
          const s = stateAt(stage, oldFresh, newFresh);
          const to = safeStage(s);
          const name = `${stage} old:${oldFresh} new:${newFresh} → ${to}`;
          expect(stageIndex(to) <= stageIndex(s.stage), name).toBe(true);
          if (to === stage) continue;
          const plan = planFor(to);
          expect(plan.reads, name).toHaveLength(1);
          expect((plan.readAuthority === 'old' ? s.oldStore : s.newStore).fresh, name).toBe(true);
          // The move is one decide allows (a backward move onto a fresh read store).
          expect(decide(s, { to }, figures, gates).allowed, name).toBe(true);
        }
  });

  it('killMigration enters the safe stage with its freshness consequences, and returns the state itself when already there', () => {
    const live = stateAt('live', true, true);
    const killed = killMigration(live, T1);
    expect(killed).toMatchObject({ stage: 'dualwrite', enteredStageAt: T1, newStore: FRESH, oldStore: FRESH });
    const off = stateAt('off', true, false);
    expect(killMigration(off, T1)).toBe(off);
  });
});

describe('a killed migration moves only backward', () => {
  it('refuses every forward move with the killed rule, allows backward ones', () => {
    const s = stateAt('dualwrite', true, true);
    const refused = decide(s, { to: 'shadow' }, figures, gates, { killed: true });
    expect(refused.allowed).toBe(false);
    expect(refused.allowed ? [] : refused.reasons.map((r) => r.rule)).toEqual(['killed']);
    expect(decide(s, { to: 'shadow' }, figures, gates).allowed).toBe(true);
    expect(decide(s, { to: 'off' }, figures, gates, { killed: true }).allowed).toBe(true);
    const moves = allowedMoves(s, figures, gates, { killed: true });
    expect(moves.filter((m) => m.allowed).map((m) => m.to)).toEqual(['off']);
    expect(moves.find((m) => m.to === 'shadow')!.reasons.map((r) => r.rule)).toEqual(['killed']);
    // applyForced itself checks nothing: the server refuses to force past a kill (a restore undoes it).
    expect(applyForced(s, 'shadow', T1).stage).toBe('shadow');
  });
});
