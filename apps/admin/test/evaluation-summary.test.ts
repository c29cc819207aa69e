import { describe, expect, it } from 'vitest';
import { formatShare, summariseEvaluations } from '../src/features/evaluations/evaluation-summary';

const row = (environment: string, variant: string | null, count: number, last = '2026-01-02T00:00:00.000Z') => ({
  environment,
  variant,
  count,
  firstEvaluatedAt: '2026-01-01T00:00:00.000Z',
  lastEvaluatedAt: last,
});

describe('summariseEvaluations', () => {
  it('groups per environment in the given order, most served first, with shares and the latest evaluation', () => {
    const out = summariseEvaluations([row('staging', 'on', 1), row('production', 'off', 10), row('production', 'on', 30, '2026-01-03T00:00:00.000Z'), row('production', null, 0)], ['production', 'staging']);
    expect(out.map((e) => e.environment)).toEqual(['production', 'staging']);
    expect(out[0]).toMatchObject({ total: 40, lastEvaluatedAt: '2026-01-03T00:00:00.000Z' });
    expect(out[0]!.variants.map((v) => [v.variant, v.count, v.percent])).toEqual([
      ['on', 30, 75],
      ['off', 10, 25],
      [null, 0, 0],
    ]);
  });
});

describe('formatShare', () => {
  it('rounds whole above 10 %, one decimal below, and marks slivers', () => {
    expect([formatShare(75), formatShare(2.345), formatShare(0.01), formatShare(0)]).toEqual(['75%', '2.3%', '<0.1%', '0%']);
  });
});

describe('dailyTables (evaluations over time)', () => {
  it('fills every day of the window (zeros included), oldest first, per environment in order, and drops days outside it', async () => {
    const { dailyTables, dayWindow } = await import('../src/features/evaluations/evaluation-summary');
    const window = dayWindow('2026-03-02', 3);
    expect(window).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const day = (environment: string, variant: string | null, d: string, count: number) => ({ environment, variant, day: d, count });
    const tables = dailyTables(
      [day('staging', 'on', '2026-03-02', 1), day('production', 'on', '2026-02-28', 5), day('production', 'off', '2026-03-02', 2), day('production', 'on', '2026-02-01', 99)],
      ['production', 'staging'],
      window,
    );
    expect(tables.map((t) => t.environment)).toEqual(['production', 'staging']);
    expect(tables[0]).toMatchObject({ variants: ['off', 'on'], counts: [[0, 5], [0, 0], [2, 0]] });
    expect(tables[1]).toMatchObject({ variants: ['on'], counts: [[0], [0], [1]] });
  });
});
