import { describe, expect, it } from 'vitest';
import { defaultGates, defaultStages, judgeGate, releasePlanDefinitionSchema, type ReleaseGate } from '../../src/release/index';

const gate: ReleaseGate = { name: 'Error rate', owner: 'payments', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.01, windowMs: 60_000, onFail: 'rollback' };
const arm = (samples: number, errors: number) => ({ samples, errors, latencySumMs: 0, timed: 0 });

describe('judgeGate', () => {
  it('judges a prometheus gate on its query reading alone; no reading or no value is inconclusive, never a pass', () => {
    const prom: ReleaseGate = { ...gate, signal: 'prometheus', query: 'max(errors)', comparison: 'value-at-most', threshold: 0.05 };
    const none = { treatment: arm(0, 0), control: arm(0, 0) };
    expect(judgeGate(prom, { ...none, query: { value: 0.2, why: 'read' } }, 100, undefined, true)).toMatchObject({ verdict: 'fail', value: 0.2, why: 'query value 0.2 > threshold 0.05' });
    expect(judgeGate(prom, { ...none, query: { value: 0.05, why: 'read' } }, 100, undefined, true).verdict).toBe('pass');
    expect(judgeGate(prom, { ...none, query: { value: null, why: 'returned no series' } }, 1, undefined, true)).toMatchObject({ verdict: 'inconclusive', why: 'query returned no series' });
    // SDK-tracked figures never stand in for a missing reading.
    expect(judgeGate(prom, { treatment: arm(1000, 0), control: arm(1000, 0) }, 1, 0, true).verdict).toBe('inconclusive');
    expect(judgeGate(prom, undefined, 1, undefined, true).verdict).toBe('inconclusive');
  });
  it('fails when the treatment errs more than the control by over the threshold', () => {
    const j = judgeGate(gate, { treatment: arm(1000, 50), control: arm(1000, 10) }, 100, undefined, true);
    expect(j.verdict).toBe('fail');
    expect(j.value).toBeCloseTo(0.04);
    expect(j.treatment).toEqual({ samples: 1000, value: 0.05 });
    expect(j.control).toMatchObject({ samples: 1000, value: 0.01, fromBaseline: false });
  });
  it('passes within the threshold', () => {
    expect(judgeGate(gate, { treatment: arm(1000, 15), control: arm(1000, 10) }, 100, undefined, true).verdict).toBe('pass');
  });
  it('is inconclusive, never a pass, when an arm lacks samples or data is missing', () => {
    expect(judgeGate(gate, { treatment: arm(99, 0), control: arm(1000, 0) }, 100, undefined, true).verdict).toBe('inconclusive');
    expect(judgeGate(gate, { treatment: arm(1000, 0), control: arm(5, 0) }, 100, undefined, true).verdict).toBe('inconclusive');
    expect(judgeGate(gate, undefined, 1, undefined, true).verdict).toBe('inconclusive');
  });
  it('a stage without control compares with the baseline, and without one is inconclusive', () => {
    expect(judgeGate(gate, { treatment: arm(1000, 30), control: arm(0, 0) }, 100, 0.01, false)).toMatchObject({ verdict: 'fail', control: { fromBaseline: true, value: 0.01 } });
    expect(judgeGate(gate, { treatment: arm(1000, 0), control: arm(0, 0) }, 100, undefined, false).verdict).toBe('inconclusive');
  });
  it('a failure with too few samples is still inconclusive (no rollback on noise)', () => {
    expect(judgeGate(gate, { treatment: arm(10, 10), control: arm(1000, 0) }, 100, undefined, true).verdict).toBe('inconclusive');
  });
  it('judges mean latency of timed calls', () => {
    const g: ReleaseGate = { ...gate, signal: 'latency-mean', threshold: 50 };
    const j = judgeGate(g, { treatment: { samples: 200, errors: 0, latencySumMs: 200 * 180, timed: 200 }, control: { samples: 200, errors: 0, latencySumMs: 200 * 100, timed: 200 } }, 100, undefined, true);
    expect(j).toMatchObject({ verdict: 'fail', value: 80 });
  });
});

describe('the default template', () => {
  it('follows the canary table: staff, 1 %, 5 %, a region, 25 %, 100 %, with the table dwell times', () => {
    const plan = releasePlanDefinitionSchema.parse({ fromVariation: 0, toVariation: 1, stages: defaultStages({ staff: 'staff', region: 'eu-west' }), gates: defaultGates('payments') });
    expect(plan.stages.map((s) => [s.name, s.percent, s.segment ?? null, s.minDwellMs / 60_000])).toEqual([
      ['Internal', 0, 'staff', 30],
      ['Initial canary', 1, null, 30],
      ['Small canary', 5, null, 60],
      ['Regional canary', 5, 'eu-west', 120],
      ['Broad canary', 25, null, 240],
      ['Full release', 100, null, 60],
    ]);
    expect(plan.gates.every((g) => g.owner === 'payments')).toBe(true);
  });
  it('refuses plans that could advance on silence or never finish', () => {
    const base = { fromVariation: 0, toVariation: 1, stages: defaultStages(), gates: defaultGates('o') };
    expect(releasePlanDefinitionSchema.safeParse({ ...base, gates: [] }).success).toBe(false);
    expect(releasePlanDefinitionSchema.safeParse({ ...base, stages: defaultStages().slice(0, 2) }).success).toBe(false);
    expect(releasePlanDefinitionSchema.safeParse({ ...base, toVariation: 0 }).success).toBe(false);
  });
});
