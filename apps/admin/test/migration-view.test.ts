import { allowedMoves, DEFAULT_MIGRATION_GATES, initialState, type MigrationState } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/api-error';
import type { MigrationFiguresView } from '../src/api/types';
import { summarizeBackfills } from '../src/features/migration/backfill-jobs';
import {
  formatDurationMs,
  formatGateValue,
  formatRate,
  formatThreshold,
  gateRows,
  moveRows,
  pipeline,
  refusalFigures,
  refusalsOf,
  refusalTitle,
  stageOfConfig,
} from '../src/features/migration/migration-view';

const T0 = '2026-03-01T00:00:00.000Z';
const figures = (over: Partial<MigrationFiguresView> = {}): MigrationFiguresView => ({
  now: '2026-03-01T06:00:00.000Z',
  since: T0,
  comparedReads: 0,
  consistentReads: 0,
  newInvocations: 0,
  newErrors: 0,
  oldInvocations: 0,
  oldErrors: 0,
  latency: { old: { p50: null, p99: null }, new: { p50: null, p99: null } },
  ...over,
});

/** A view as the server builds it: the moves come from core's allowedMoves. */
function view(state: MigrationState, f: MigrationFiguresView) {
  return { stage: state.stage, state, gates: DEFAULT_MIGRATION_GATES, figures: f, moves: allowedMoves(state, f, DEFAULT_MIGRATION_GATES) };
}

const inShadow: MigrationState = { ...initialState(T0, { backfillRequired: false }), stage: 'shadow' };

describe('the stage pipeline', () => {
  it('marks passed, current and upcoming stages, each with its plan in words', () => {
    const steps = pipeline('shadow');
    expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'current', 'upcoming', 'upcoming', 'upcoming']);
    expect(steps[2]).toMatchObject({ stage: 'shadow', reads: 'old + new, compared', returns: 'old', writes: 'old → new' });
    expect(steps[3]).toMatchObject({ stage: 'live', returns: 'new', writes: 'new → old' });
    expect(pipeline('off')[0]!.status).toBe('current');
  });

  it('reads the stage a config serves from its variation', () => {
    const flag = { variations: ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'].map((name) => ({ name, value: { stage: name } })) };
    expect(stageOfConfig(flag, { fallthrough: { variation: 2 } })).toBe('shadow');
    expect(stageOfConfig(flag, { fallthrough: { rollout: { variations: [{ variation: 0, weight: 100_000 }] } } })).toBeNull();
    expect(stageOfConfig({ variations: [{ name: 'on', value: true }] }, { fallthrough: { variation: 0 } })).toBeNull();
    expect(stageOfConfig(flag, undefined)).toBeNull();
  });
});

describe('moves', () => {
  it('lists the next stage first, then further ones, then the way back nearest first', () => {
    const v = view(inShadow, figures());
    const rows = moveRows(v.moves, 'shadow');
    expect(rows.map((r) => [r.to, r.direction, r.next])).toEqual([
      ['live', 'forward', true],
      ['rampdown', 'forward', false],
      ['complete', 'forward', false],
      ['dualwrite', 'back', false],
      ['off', 'back', false],
    ]);
    expect(rows.find((r) => r.to === 'dualwrite')!.allowed).toBe(true);
    expect(rows.find((r) => r.to === 'live')!.allowed).toBe(false);
  });

  it('keeps the server’s reasons for off → shadow: a skip and a stale comparison store', () => {
    const state = initialState(T0, { backfillRequired: true });
    const rows = moveRows(view(state, figures()).moves, 'off');
    const shadow = rows.find((r) => r.to === 'shadow')!;
    expect(shadow.reasons.map((r) => r.rule)).toEqual(['skip', 'stale-compare-store']);
    expect(shadow.reasons.map(refusalTitle)).toEqual(['Skips stages', 'Stale comparison store']);
    expect(rows.find((r) => r.to === 'dualwrite')!.allowed).toBe(true);
  });
});

describe('gate figures', () => {
  it('uses the server’s checks for the gates of the next move', () => {
    const rows = gateRows(
      view(inShadow, figures({ comparedReads: 1480, consistentReads: 1478, consistencyRate: 1478 / 1480, newInvocations: 1480, newErrors: 1, errorRate: 1 / 1480 })),
    );
    expect(rows.map((r) => [r.gate, r.guardsNext, r.passed])).toEqual([
      ['comparedReads', true, true],
      ['consistency', true, false],
      ['errorRate', true, true],
      ['dwell', true, false],
    ]);
    expect(rows[3]).toMatchObject({ measured: 6 * 3_600_000, threshold: 86_400_000 });
  });

  it('shows the figures measured so far, not checked now, in a stage whose next move has no gates', () => {
    const state = { ...initialState(T0, { backfillRequired: false }), stage: 'dualwrite' as const };
    const rows = gateRows(view(state, figures({ comparedReads: 0 })));
    expect(rows.every((r) => !r.guardsNext)).toBe(true);
    expect(rows[0]).toMatchObject({ gate: 'comparedReads', measured: 0, threshold: 1000, passed: false, note: 'checked at shadow → live' });
    expect(rows[1]).toMatchObject({ gate: 'consistency', measured: undefined, passed: false });
    expect(rows[3]).toMatchObject({ gate: 'dwell', label: 'Time in stage', threshold: undefined, passed: undefined });
  });

  it('after the move to live, its gates are not shown as failing on the new stage’s fresh figures', () => {
    for (const stage of ['live', 'rampdown', 'complete'] as const) {
      const state = { ...initialState(T0, { backfillRequired: false }), stage };
      const rows = gateRows(view(state, figures({ comparedReads: 0 })));
      for (const gate of ['comparedReads', 'consistency', 'errorRate'])
        expect(rows.find((r) => r.gate === gate), `${stage} ${gate}`).toMatchObject({ passed: undefined, note: 'checked at shadow → live; the move is done' });
    }
  });

  it('adds the compatibility window in rampdown, counted from entering the stage', () => {
    const state = { ...initialState(T0, { backfillRequired: false }), stage: 'rampdown' as const };
    const rows = gateRows(view(state, figures()));
    expect(rows.at(-1)).toMatchObject({ gate: 'compatibilityWindow', guardsNext: true, passed: false, measured: 6 * 3_600_000, threshold: 7 * 86_400_000 });
  });

  it('formats counts, rates and durations, and thresholds with their comparison', () => {
    expect(formatGateValue('comparedReads', 1480)).toBe('1,480');
    expect(formatGateValue('consistency', 0.99865)).toBe('99.865%');
    expect(formatGateValue('errorRate', undefined)).toBe('not measured');
    expect(formatRate(1)).toBe('100%');
    expect(formatThreshold('errorRate', 0.001)).toBe('< 0.1%');
    expect(formatThreshold('dwell', 86_400_000)).toBe('≥ 1d');
    expect(formatDurationMs(0)).toBe('0s');
    expect(formatDurationMs(1_200)).toBe('1s');
    expect(formatDurationMs(3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('3d 4h');
    expect(formatDurationMs(5 * 3_600_000 + 12 * 60_000)).toBe('5h 12m');
    expect(formatDurationMs(3_600_000 + 5_000)).toBe('1h');
    expect(formatDurationMs(-90_000)).toBe('−1m 30s');
  });
});

describe('refusals', () => {
  it('are read from a 409 MIGRATION_REFUSED answer only', () => {
    const reasons = [
      { rule: 'skip', message: 'off → shadow skips stages' },
      { rule: 'gate', gate: 'consistency', measured: 0.99, threshold: 0.999, message: 'needs consistency' },
      { nonsense: true },
    ];
    const refused = refusalsOf(new ApiError(409, 'MIGRATION_REFUSED', 'refused', { reasons }));
    expect(refused).toHaveLength(2);
    expect(refusalFigures(refused![1]!)).toBe('measured 99% · needs ≥ 99.9%');
    expect(refusalFigures(refused![0]!)).toBeNull();
    expect(refusalsOf(new ApiError(409, 'VERSION_CONFLICT', 'x'))).toBeNull();
    expect(refusalsOf(new Error('x'))).toBeNull();
    expect(refusalsOf(new ApiError(409, 'MIGRATION_REFUSED', 'refused', null))).toEqual([]);
    expect(refusalFigures({ rule: 'gate', gate: 'comparedReads', threshold: 1000, message: '' })).toBe('measured not measured · needs ≥ 1,000');
  });
});

describe('backfill jobs', () => {
  const batch = (jobName: string, cursorStart: string, cursorEnd: string, status: 'succeeded' | 'failed' | 'running', rowsChanged = 10) => ({
    jobName,
    codeVersion: 'v1',
    cursorStart,
    cursorEnd,
    status,
    attemptCount: 1,
    rowsScanned: 20,
    rowsChanged,
  });

  it('sum each job’s batches and span their range in cursor order (numeric when every cursor is a number)', () => {
    const jobs = summarizeBackfills([
      batch('orders', '10', '20', 'succeeded'),
      batch('orders', '0', '9', 'failed', 0),
      batch('users', 'a', 'm', 'running'),
      batch('orders', '9', '10', 'succeeded'),
    ]);
    expect(jobs).toEqual([
      { jobName: 'orders', batches: 3, succeeded: 2, failed: 1, inFlight: 0, start: '0', end: '20', rowsScanned: 60, rowsChanged: 20, codeVersions: ['v1'] },
      { jobName: 'users', batches: 1, succeeded: 0, failed: 0, inFlight: 1, start: 'a', end: 'm', rowsScanned: 20, rowsChanged: 10, codeVersions: ['v1'] },
    ]);
  });
});
