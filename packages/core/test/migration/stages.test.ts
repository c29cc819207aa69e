import { describe, it, expect } from 'vitest';
import { MIGRATION_STAGES, planFor, stageIndex, isMigrationStage, migrationStageSchema } from '../../src/migration/index';

describe('stages', () => {
  it('are in order off → dualwrite → shadow → live → rampdown → complete', () => {
    expect(MIGRATION_STAGES).toEqual(['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete']);
    expect(MIGRATION_STAGES.map(stageIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('has the read/write plan of DESIGN.md for each stage', () => {
    // DESIGN.md, "Migration flags", written out.
    expect(planFor('off')).toEqual({ reads: ['old'], returned: 'old', compare: false, writes: ['old'], authoritativeWrite: 'old', readAuthority: 'old' });
    expect(planFor('dualwrite')).toEqual({ reads: ['old'], returned: 'old', compare: false, writes: ['old', 'new'], authoritativeWrite: 'old', readAuthority: 'old' });
    expect(planFor('shadow')).toEqual({ reads: ['old', 'new'], returned: 'old', compare: true, writes: ['old', 'new'], authoritativeWrite: 'old', readAuthority: 'old' });
    expect(planFor('live')).toEqual({ reads: ['new', 'old'], returned: 'new', compare: true, writes: ['new', 'old'], authoritativeWrite: 'new', readAuthority: 'new' });
    expect(planFor('rampdown')).toEqual({ reads: ['new'], returned: 'new', compare: false, writes: ['new', 'old'], authoritativeWrite: 'new', readAuthority: 'new' });
    expect(planFor('complete')).toEqual({ reads: ['new'], returned: 'new', compare: false, writes: ['new'], authoritativeWrite: 'new', readAuthority: 'new' });
  });

  it('returns frozen plans that callers cannot alter', () => {
    for (const s of MIGRATION_STAGES) {
      const p = planFor(s);
      expect(Object.isFrozen(p)).toBe(true);
      expect(Object.isFrozen(p.reads)).toBe(true);
      expect(Object.isFrozen(p.writes)).toBe(true);
      expect(() => (p.writes as string[]).push('old')).toThrow();
    }
  });

  it('recognises stage names', () => {
    expect(isMigrationStage('live')).toBe(true);
    expect(isMigrationStage('LIVE')).toBe(false);
    expect(isMigrationStage(3)).toBe(false);
    expect(migrationStageSchema.safeParse('rampdown').success).toBe(true);
    expect(migrationStageSchema.safeParse('ramp').success).toBe(false);
  });
});
