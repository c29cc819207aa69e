import { describe, it, expect } from 'vitest';
import {
  decide,
  resolveGates,
  migrationGatesSchema,
  DEFAULT_MIGRATION_GATES,
  type MigrationFigures,
  type MigrationStage,
  type MigrationState,
  type Refusal,
} from '../../src/migration/index';

const T0 = '2024-01-01T00:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

function fresh(stage: MigrationStage): MigrationState {
  return {
    stage,
    enteredStageAt: T0,
    evidenceSince: T0,
    newStore: { fresh: true, since: T0, cause: 'backfill-attested' },
    oldStore: { fresh: true, since: T0, cause: 'system-of-record' },
    backfill: { required: true, attested: { forward: T0, reverse: null } },
  };
}

const good = (now: string): MigrationFigures => ({ now, comparedReads: 5000, consistentReads: 5000, newInvocations: 10_000, newErrors: 0 });
const gates = resolveGates({});

function refusals(stage: MigrationStage, to: MigrationStage, figures: MigrationFigures, g = gates): Refusal[] {
  const d = decide(fresh(stage), { to }, figures, g);
  expect(d.allowed).toBe(false);
  return d.allowed ? [] : [...d.reasons];
}

describe('gate defaults and overrides', () => {
  it('has safe defaults', () => {
    expect(DEFAULT_MIGRATION_GATES).toEqual({
      minComparedReads: 1000,
      minConsistencyRate: 0.999,
      maxErrorRate: 0.001,
      minShadowDwellMs: DAY,
      minLiveDwellMs: DAY,
      compatibilityWindowMs: 7 * DAY,
    });
    expect(resolveGates()).toEqual(DEFAULT_MIGRATION_GATES);
    expect(Object.isFrozen(resolveGates())).toBe(true);
  });

  it('lets a flag override any gate and keeps the defaults of the rest', () => {
    const parsed = migrationGatesSchema.parse({ minComparedReads: 50, compatibilityWindowMs: 2 * DAY });
    expect(resolveGates(parsed)).toEqual({ ...DEFAULT_MIGRATION_GATES, minComparedReads: 50, compatibilityWindowMs: 2 * DAY });
  });

  it('refuses unknown fields and out-of-bounds values', () => {
    const bad = [
      { minComparedReads: 0 },
      { minComparedReads: 1.5 },
      { minConsistencyRate: 1.01 },
      { minConsistencyRate: -0.1 },
      { maxErrorRate: 0 },
      { maxErrorRate: 2 },
      { minShadowDwellMs: -1 },
      { minLiveDwellMs: 366 * DAY },
      { compatibilityWindowMs: 0.5 },
      { minDwell: 1 },
    ];
    for (const b of bad) expect(migrationGatesSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
    expect(migrationGatesSchema.safeParse({}).success).toBe(true);
    expect(migrationGatesSchema.safeParse({ minConsistencyRate: 1, maxErrorRate: 1, minShadowDwellMs: 0 }).success).toBe(true);
  });
});

describe('shadow → live', () => {
  it('is allowed when every gate passes, and reports the checks', () => {
    const d = decide(fresh('shadow'), { to: 'live' }, good(at(DAY)), gates);
    expect(d.allowed).toBe(true);
    expect(d.checks.map((c) => [c.gate, c.passed])).toEqual([
      ['comparedReads', true],
      ['consistency', true],
      ['errorRate', true],
      ['dwell', true],
    ]);
  });

  it('refuses too few compared reads, with the figure and the threshold', () => {
    expect(refusals('shadow', 'live', { ...good(at(2 * DAY)), comparedReads: 999, consistentReads: 999 })).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'comparedReads', measured: 999, threshold: 1000 }),
    ]);
  });

  it('refuses low consistency, from counts or from a rate', () => {
    expect(refusals('shadow', 'live', { ...good(at(2 * DAY)), comparedReads: 2000, consistentReads: 1990 })).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'consistency', measured: 0.995, threshold: 0.999 }),
    ]);
    const { consistentReads: _, ...noCounts } = good(at(2 * DAY));
    expect(refusals('shadow', 'live', { ...noCounts, consistencyRate: 0.9 })).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'consistency', measured: 0.9, threshold: 0.999 }),
    ]);
  });

  it('passes consistency exactly at the threshold and refuses an error rate exactly at it', () => {
    const f = { ...good(at(2 * DAY)), comparedReads: 1000, consistentReads: 999, newInvocations: 1000, newErrors: 1 };
    expect(refusals('shadow', 'live', f)).toEqual([expect.objectContaining({ gate: 'errorRate', measured: 0.001, threshold: 0.001 })]);
  });

  it('refuses a high error rate, from counts or from a rate', () => {
    expect(refusals('shadow', 'live', { ...good(at(2 * DAY)), newInvocations: 1000, newErrors: 5 })).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'errorRate', measured: 0.005, threshold: 0.001 }),
    ]);
    const { newInvocations: _i, newErrors: _e, ...noCounts } = good(at(2 * DAY));
    expect(refusals('shadow', 'live', { ...noCounts, errorRate: 0.02 })).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'errorRate', measured: 0.02, threshold: 0.001 }),
    ]);
  });

  it('refuses too short a dwell in shadow, in milliseconds', () => {
    expect(refusals('shadow', 'live', good(at(23 * HOUR)))).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'dwell', measured: 23 * HOUR, threshold: DAY }),
    ]);
  });

  it('reports every failing gate, not just the first', () => {
    const r = refusals('shadow', 'live', { now: at(HOUR), comparedReads: 10, consistentReads: 5, newInvocations: 10, newErrors: 1 });
    expect(r).toEqual([
      expect.objectContaining({ gate: 'comparedReads', measured: 10, threshold: 1000 }),
      expect.objectContaining({ gate: 'consistency', measured: 0.5, threshold: 0.999 }),
      expect.objectContaining({ gate: 'errorRate', measured: 0.1, threshold: 0.001 }),
      expect.objectContaining({ gate: 'dwell', measured: HOUR, threshold: DAY }),
    ]);
    for (const x of r) expect(x.message).toMatch(/shadow → live/);
  });

  it('fails gates it cannot measure, without a measured figure', () => {
    const r = refusals('shadow', 'live', { now: at(2 * DAY), comparedReads: 0, consistentReads: 0, newInvocations: 0, newErrors: 0 });
    expect(r.map((x) => (x.rule === 'gate' ? [x.gate, x.measured] : x.rule))).toEqual([
      ['comparedReads', 0],
      ['consistency', undefined],
      ['errorRate', undefined],
    ]);
    // Malformed figures are unmeasured, never a pass.
    const m = refusals('shadow', 'live', { now: at(2 * DAY), comparedReads: 5000, consistentReads: 6000, newInvocations: 10, newErrors: -1 });
    expect(m.map((x) => (x.rule === 'gate' ? [x.gate, x.measured] : x.rule))).toEqual([
      ['consistency', undefined],
      ['errorRate', undefined],
    ]);
    const missing = refusals('shadow', 'live', { now: at(2 * DAY), comparedReads: Number.NaN });
    expect(missing.map((x) => (x.rule === 'gate' ? x.gate : x.rule))).toEqual(['comparedReads', 'consistency', 'errorRate']);
  });

  it('prefers counts to rates when both are given', () => {
    const r = refusals('shadow', 'live', { ...good(at(2 * DAY)), consistentReads: 4000, consistencyRate: 1 });
    expect(r).toEqual([expect.objectContaining({ gate: 'consistency', measured: 0.8 })]);
  });

  it('uses the flag’s own thresholds', () => {
    const lax = resolveGates({ minComparedReads: 10, minConsistencyRate: 0.9, maxErrorRate: 0.05, minShadowDwellMs: HOUR });
    const d = decide(fresh('shadow'), { to: 'live' }, { now: at(HOUR), comparedReads: 10, consistentReads: 9, newInvocations: 100, newErrors: 4 }, lax);
    expect(d.allowed).toBe(true);
  });

  it('measures dwell from evidenceSince, not from entering the stage', () => {
    const s = { ...fresh('shadow'), evidenceSince: at(20 * HOUR) };
    const d = decide(s, { to: 'live' }, good(at(DAY)), gates);
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reasons).toEqual([expect.objectContaining({ gate: 'dwell', measured: 4 * HOUR, threshold: DAY })]);
  });
});

describe('live → rampdown', () => {
  it('needs the minimum dwell in live', () => {
    expect(refusals('live', 'rampdown', good(at(DAY - 1)))).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'dwell', measured: DAY - 1, threshold: DAY }),
    ]);
    expect(decide(fresh('live'), { to: 'rampdown' }, good(at(DAY)), gates).allowed).toBe(true);
  });

  it('does not look at shadow figures', () => {
    expect(decide(fresh('live'), { to: 'rampdown' }, { now: at(DAY), comparedReads: 0 }, gates).allowed).toBe(true);
  });
});

describe('rampdown → complete', () => {
  it('needs the compatibility window since entering rampdown', () => {
    expect(refusals('rampdown', 'complete', good(at(6 * DAY)))).toEqual([
      expect.objectContaining({ rule: 'gate', gate: 'compatibilityWindow', measured: 6 * DAY, threshold: 7 * DAY }),
    ]);
    expect(decide(fresh('rampdown'), { to: 'complete' }, good(at(7 * DAY)), gates).allowed).toBe(true);
  });

  it('measures the window from enteredStageAt even if evidence restarted later', () => {
    const s = { ...fresh('rampdown'), evidenceSince: at(5 * DAY) };
    expect(decide(s, { to: 'complete' }, good(at(7 * DAY)), gates).allowed).toBe(true);
  });
});

describe('moves without gates', () => {
  it('off → dualwrite, dualwrite → shadow and every backward move are decided without figures', () => {
    const none: MigrationFigures = { now: T0, comparedReads: 0 };
    expect(decide(fresh('off'), { to: 'dualwrite' }, none, gates)).toMatchObject({ allowed: true, checks: [] });
    expect(decide(fresh('dualwrite'), { to: 'shadow' }, none, gates)).toMatchObject({ allowed: true, checks: [] });
    expect(decide(fresh('complete'), { to: 'off' }, none, gates)).toMatchObject({ allowed: true, checks: [] });
  });

  it('does not check the gates of a skipped move', () => {
    const d = decide(fresh('dualwrite'), { to: 'live' }, { now: T0, comparedReads: 0 }, gates);
    expect(d.allowed ? [] : d.reasons.map((r) => r.rule)).toEqual(['skip']);
    expect(d.checks).toEqual([]);
  });

  it('refuses a malformed now', () => {
    const d = decide(fresh('live'), { to: 'shadow' }, { now: 'yesterday', comparedReads: 0 }, gates);
    expect(d.allowed ? [] : d.reasons.map((r) => r.rule)).toEqual(['invalid-time']);
  });

  it('refuses a move to the current stage with a single clear reason', () => {
    const d = decide(fresh('live'), { to: 'live' }, { now: 'garbage', comparedReads: 0 }, gates);
    expect(d.allowed ? [] : d.reasons).toEqual([{ rule: 'same-stage', message: 'the flag is already in live' }]);
  });
});
