import { BUCKET_COUNT } from '@switchyard/core';

/**
 * Rollout weights are stored in 1/100,000ths (BUCKET_COUNT buckets) and shown in percent, so one
 * percent is 1,000 units and the finest step a person can type is 0.001%.
 */
export const UNITS_PER_PERCENT = BUCKET_COUNT / 100;
export const PERCENT_DECIMALS = Math.log10(UNITS_PER_PERCENT);

export type PercentParse = { ok: true; weight: number } | { ok: false; message: string };

/** Parses what a person typed as a percentage into a weight. */
export function percentToWeight(text: string): PercentParse {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return { ok: false, message: 'enter a percentage' };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return { ok: false, message: 'must be a number from 0 to 100' };
  const decimals = t.includes('.') ? t.split('.')[1]!.length : 0;
  if (decimals > PERCENT_DECIMALS) return { ok: false, message: `at most ${PERCENT_DECIMALS} decimals (0.001% steps)` };
  const weight = Math.round(Number(t) * UNITS_PER_PERCENT);
  if (weight > BUCKET_COUNT) return { ok: false, message: 'must be at most 100%' };
  return { ok: true, weight };
}

/** A weight as a percentage without trailing zeros: 33333 → "33.333", 50000 → "50". */
export function weightToPercent(weight: number): string {
  const whole = Math.floor(weight / UNITS_PER_PERCENT);
  const frac = weight % UNITS_PER_PERCENT;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(PERCENT_DECIMALS, '0').replace(/0+$/, '')}`;
}

export interface WeightCheck {
  /** Sum of the rows that parse, in units. */
  total: number;
  /** Per row: the problem with what was typed, or null. */
  rowErrors: (string | null)[];
  /** The problem with the whole rollout, or null when it can be saved. */
  error: string | null;
  /** Units missing (positive) or over (negative) to reach 100%. */
  remaining: number;
}

/** Checks typed percentages as a person types them: each must parse, and they must total 100%. */
export function checkPercents(texts: readonly string[]): WeightCheck {
  let total = 0;
  const rowErrors = texts.map((t) => {
    const p = percentToWeight(t);
    if (!p.ok) return p.message;
    total += p.weight;
    return null;
  });
  const remaining = BUCKET_COUNT - total;
  let error: string | null = null;
  if (texts.length === 0) error = 'add at least one variation';
  else if (rowErrors.some((e) => e !== null)) error = 'fix the highlighted percentages';
  else if (remaining > 0) error = `total is ${weightToPercent(total)}%: ${weightToPercent(remaining)}% left to assign`;
  else if (remaining < 0) error = `total is ${weightToPercent(total)}%: ${weightToPercent(-remaining)}% too much`;
  return { total, rowErrors, error, remaining };
}

/** `n` weights as even as possible that total exactly 100% (the first ones take the remainder). */
export function evenWeights(n: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(BUCKET_COUNT / n);
  const extra = BUCKET_COUNT - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}
