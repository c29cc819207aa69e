import { BUCKET_COUNT } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { checkPercents, evenWeights, percentToWeight, weightToPercent } from '../src/features/targeting/rollout-weights';
import { draftToServe, serveToDraft, toRolloutDraft, toVariationDraft } from '../src/features/targeting/serve-draft';

describe('percentages ↔ weights (1/100,000ths)', () => {
  it('reads typed percentages as weights', () => {
    expect(percentToWeight('10')).toEqual({ ok: true, weight: 10_000 });
    expect(percentToWeight('33.333')).toEqual({ ok: true, weight: 33_333 });
    expect(percentToWeight('0.001')).toEqual({ ok: true, weight: 1 });
    expect(percentToWeight(' 50 % ')).toEqual({ ok: true, weight: 50_000 });
    expect(percentToWeight('.5')).toEqual({ ok: true, weight: 500 });
    expect(percentToWeight('100')).toEqual({ ok: true, weight: BUCKET_COUNT });
  });

  it('refuses what cannot be a weight', () => {
    for (const bad of ['', 'abc', '-5', '1e3', '10.0001', '100.001', '1,5']) expect(percentToWeight(bad).ok, bad).toBe(false);
    expect(percentToWeight('10.0001')).toMatchObject({ message: expect.stringContaining('decimals') });
    expect(percentToWeight('101')).toMatchObject({ message: expect.stringContaining('100%') });
  });

  it('shows weights without trailing zeros', () => {
    expect(weightToPercent(50_000)).toBe('50');
    expect(weightToPercent(33_333)).toBe('33.333');
    expect(weightToPercent(12_500)).toBe('12.5');
    expect(weightToPercent(1)).toBe('0.001');
    expect(weightToPercent(0)).toBe('0');
  });

  it('round-trips every weight a person can type', () => {
    for (const w of [0, 1, 9, 10, 999, 1000, 33_334, 99_999, 100_000]) expect(percentToWeight(weightToPercent(w))).toEqual({ ok: true, weight: w });
  });
});

describe('checking a rollout as it is typed', () => {
  it('accepts exactly 100%', () => {
    expect(checkPercents(['33.334', '33.333', '33.333'])).toMatchObject({ total: 100_000, error: null, remaining: 0 });
  });

  it('says how much is missing or over', () => {
    expect(checkPercents(['50', '40']).error).toBe('total is 90%: 10% left to assign');
    expect(checkPercents(['60', '50.5']).error).toBe('total is 110.5%: 10.5% too much');
  });

  it('marks the rows that do not parse, and blocks saving', () => {
    const c = checkPercents(['50', 'x', '50']);
    expect(c.rowErrors).toEqual([null, expect.any(String), null]);
    expect(c.error).toBe('fix the highlighted percentages');
  });

  it('needs at least one row', () => {
    expect(checkPercents([]).error).toBe('add at least one variation');
  });

  it('splits evenly to exactly 100%', () => {
    for (const n of [1, 2, 3, 6, 7]) {
      const w = evenWeights(n);
      expect(w).toHaveLength(n);
      expect(w.reduce((a, b) => a + b, 0)).toBe(BUCKET_COUNT);
      expect(Math.max(...w) - Math.min(...w)).toBeLessThanOrEqual(1);
    }
  });
});

describe('serve drafts', () => {
  it('round-trips a rollout through the draft', () => {
    const serve = { rollout: { bucketBy: 'tenantId', variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } };
    expect(draftToServe(serveToDraft(serve))).toEqual({ ok: true, serve });
  });

  it('refuses a draft whose weights do not total 100%', () => {
    const draft = serveToDraft({ rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } });
    if (draft.kind !== 'rollout') throw new Error('expected a rollout');
    draft.rows[1]!.percent = '40';
    expect(draftToServe(draft)).toEqual({ ok: false, message: 'total is 90%: 10% left to assign' });
  });

  it('switches between a variation and an even rollout', () => {
    const r = toRolloutDraft({ kind: 'variation', variation: 1 }, 3);
    expect(draftToServe(r)).toMatchObject({ ok: true });
    expect(toVariationDraft(serveToDraft({ rollout: { variations: [{ variation: 0, weight: 20_000 }, { variation: 2, weight: 80_000 }] } }))).toEqual({ kind: 'variation', variation: 2 });
  });
});
