import { describe, it, expect } from 'vitest';
import { decide, resolveGates, MIGRATION_STAGES, type MigrationStage, type MigrationState, type MigrationFigures } from '../../src/migration/index';

// Every (stage × new-store freshness × old-store freshness × target stage), with every gate passing.
// The expected outcome is written out by hand below, not computed: it is the specification.
//
// Codes: 'ok' allowed; '=' same-stage; otherwise the refusal rules, joined with '+':
//   skip = forward by more than one stage
//   read = stale-read-store: the target returns values from a stale store
//          (off, dualwrite, shadow return old; live, rampdown, complete return new)
//   cmp  = stale-compare-store: a forward move into shadow (compares against new) or live
//          (compares against old) while that store is stale
type Code = 'ok' | '=' | 'skip' | 'read' | 'cmp' | 'read+cmp' | 'skip+read' | 'skip+cmp' | 'skip+read+cmp';

//                                              off          dualwrite    shadow           live              rampdown     complete
const TABLE: Record<string, readonly [Code, Code, Code, Code, Code, Code]> = {
  'off       new:fresh old:fresh': /*     */ ['=',         'ok',        'skip',          'skip',           'skip',      'skip'],
  'off       new:fresh old:stale': /*     */ ['=',         'read',      'skip+read',     'skip+cmp',       'skip',      'skip'],
  'off       new:stale old:fresh': /*     */ ['=',         'ok',        'skip+cmp',      'skip+read',      'skip+read', 'skip+read'],
  'off       new:stale old:stale': /*     */ ['=',         'read',      'skip+read+cmp', 'skip+read+cmp',  'skip+read', 'skip+read'],

  'dualwrite new:fresh old:fresh': /*     */ ['ok',        '=',         'ok',            'skip',           'skip',      'skip'],
  'dualwrite new:fresh old:stale': /*     */ ['read',      '=',         'read',          'skip+cmp',       'skip',      'skip'],
  'dualwrite new:stale old:fresh': /*     */ ['ok',        '=',         'cmp',           'skip+read',      'skip+read', 'skip+read'],
  'dualwrite new:stale old:stale': /*     */ ['read',      '=',         'read+cmp',      'skip+read+cmp',  'skip+read', 'skip+read'],

  'shadow    new:fresh old:fresh': /*     */ ['ok',        'ok',        '=',             'ok',             'skip',      'skip'],
  'shadow    new:fresh old:stale': /*     */ ['read',      'read',      '=',             'cmp',            'skip',      'skip'],
  'shadow    new:stale old:fresh': /*     */ ['ok',        'ok',        '=',             'read',           'skip+read', 'skip+read'],
  'shadow    new:stale old:stale': /*     */ ['read',      'read',      '=',             'read+cmp',       'skip+read', 'skip+read'],

  'live      new:fresh old:fresh': /*     */ ['ok',        'ok',        'ok',            '=',              'ok',        'skip'],
  'live      new:fresh old:stale': /*     */ ['read',      'read',      'read',          '=',              'ok',        'skip'],
  'live      new:stale old:fresh': /*     */ ['ok',        'ok',        'ok',            '=',              'read',      'skip+read'],
  'live      new:stale old:stale': /*     */ ['read',      'read',      'read',          '=',              'read',      'skip+read'],

  'rampdown  new:fresh old:fresh': /*     */ ['ok',        'ok',        'ok',            'ok',             '=',         'ok'],
  'rampdown  new:fresh old:stale': /*     */ ['read',      'read',      'read',          'ok',             '=',         'ok'],
  'rampdown  new:stale old:fresh': /*     */ ['ok',        'ok',        'ok',            'read',           '=',         'read'],
  'rampdown  new:stale old:stale': /*     */ ['read',      'read',      'read',          'read',           '=',         'read'],

  'complete  new:fresh old:fresh': /*     */ ['ok',        'ok',        'ok',            'ok',             'ok',        '='],
  'complete  new:fresh old:stale': /*     */ ['read',      'read',      'read',          'ok',             'ok',        '='],
  'complete  new:stale old:fresh': /*     */ ['ok',        'ok',        'ok',            'read',           'read',      '='],
  'complete  new:stale old:stale': /*     */ ['read',      'read',      'read',          'read',           'read',      '='],
};

const T0 = '2024-01-01T00:00:00.000Z';
// Thirty days later: every dwell and compatibility window has elapsed.
const passing: MigrationFigures = {
  now: '2024-01-31T00:00:00.000Z',
  comparedReads: 1_000_000,
  consistentReads: 1_000_000,
  newInvocations: 1_000_000,
  newErrors: 0,
};

function stateOf(stage: MigrationStage, newFresh: boolean, oldFresh: boolean): MigrationState {
  return {
    stage,
    enteredStageAt: T0,
    evidenceSince: T0,
    newStore: newFresh ? { fresh: true, since: T0, cause: 'backfill-attested' } : { fresh: false, since: T0, cause: 'awaiting-backfill' },
    oldStore: oldFresh ? { fresh: true, since: T0, cause: 'system-of-record' } : { fresh: false, since: T0, cause: 'writes-stopped' },
    backfill: { required: true, attested: { forward: newFresh ? T0 : null, reverse: null } },
  };
}

const RULE_OF_CODE = { '=': 'same-stage', skip: 'skip', read: 'stale-read-store', cmp: 'stale-compare-store' } as const;

function expectedRules(code: Code): string[] {
  if (code === 'ok') return [];
  return code.split('+').map((c) => RULE_OF_CODE[c as keyof typeof RULE_OF_CODE]).sort();
}

describe('every (state, requested move) pair, gates passing', () => {
  it('the table covers 6 stages × 4 freshness combinations', () => {
    expect(Object.keys(TABLE)).toHaveLength(24);
  });

  const gates = resolveGates({});
  for (const [key, row] of Object.entries(TABLE)) {
    const [stage, n, o] = key.split(/\s+/) as [MigrationStage, string, string];
    const state = stateOf(stage, n === 'new:fresh', o === 'old:fresh');
    MIGRATION_STAGES.forEach((to, i) => {
      const code = row[i]!;
      it(`${key} → ${to}: ${code}`, () => {
        const d = decide(state, { to }, passing, gates);
        if (code === 'ok') {
          expect(d.allowed).toBe(true);
          if (d.allowed) {
            expect(d.next.stage).toBe(to);
            expect(d.next.enteredStageAt).toBe(passing.now);
          }
        } else {
          expect(d.allowed).toBe(false);
          if (!d.allowed) {
            expect(d.reasons.map((r) => r.rule).sort()).toEqual(expectedRules(code));
            for (const r of d.reasons) expect(r.message.length).toBeGreaterThan(0);
          }
        }
      });
    });
  }
});
