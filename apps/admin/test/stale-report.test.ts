import { describe, expect, it } from 'vitest';
import type { StaleFlag } from '../src/api/types';
import { countReasons, parseWindow, reasonExplanation, singleVariationText, sortCandidates, windowFromQuery } from '../src/features/reports/stale-report';

const flag = (key: string, over: Partial<StaleFlag> = {}): StaleFlag => ({
  key,
  name: key,
  type: 'release',
  owner: 'team',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-02-01T00:00:00.000Z',
  reasons: ['expired'],
  lastEvaluatedAt: null,
  singleVariation: [],
  ...over,
});

describe('the cleanup report', () => {
  it('reads its window from the address, 30 days by default', () => {
    expect(windowFromQuery(new URLSearchParams(''))).toBe(30);
    expect(windowFromQuery(new URLSearchParams('days=7'))).toBe(7);
    for (const bad of ['0', '-3', '3651', '1.5', 'abc', '']) expect(windowFromQuery(new URLSearchParams(`days=${bad}`))).toBe(30);
    expect(parseWindow(' 90 ')).toBe(90);
    expect(parseWindow('3650')).toBe(3650);
    expect(parseWindow('10000')).toBeNull();
  });

  it('counts flags per reason, every reason present', () => {
    expect(countReasons([])).toEqual({ expired: 0, 'not-evaluated': 0, 'single-variation': 0 });
    expect(countReasons([flag('a'), flag('b', { reasons: ['expired', 'not-evaluated'] }), flag('c', { reasons: ['single-variation'] })])).toEqual({
      expired: 2,
      'not-evaluated': 1,
      'single-variation': 1,
    });
  });

  it('lists the single variation per environment as the CSV does', () => {
    expect(
      singleVariationText([
        { environment: 'production', variation: 'off', since: 'x' },
        { environment: 'staging', variation: 'on', since: 'x' },
      ]),
    ).toBe('production=off, staging=on');
  });

  it('puts the flags with most reasons first, then the longest expired', () => {
    const sorted = sortCandidates([
      flag('c', { expiresAt: null, reasons: ['not-evaluated'] }),
      flag('b', { expiresAt: '2026-03-01T00:00:00.000Z' }),
      flag('a', { expiresAt: '2026-02-01T00:00:00.000Z' }),
      flag('d', { reasons: ['expired', 'single-variation'] }),
    ]);
    expect(sorted.map((f) => f.key)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('explains each reason with the window', () => {
    expect(reasonExplanation('not-evaluated', 1)).toBe('No SDK evaluated it in the last 1 day.');
    expect(reasonExplanation('single-variation', 30)).toContain('30 days');
  });
});
