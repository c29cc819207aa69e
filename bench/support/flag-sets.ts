import type { EvaluableFlag } from '@switchyard/core';
import { switchyardFlags } from '../eval/switchyard-flags';

/**
 * `n` flags for the scale and memory benchmarks: copies of the four issue-7 shapes under new keys,
 * in a realistic mix — 40% like F1 (on, no rules), 30% like F2 (one rule), 20% like F3 (a
 * rollout), 10% like F4 (ten rules). The first four are F1–F4 themselves, under their own keys.
 */
export function flagSet(n: number): EvaluableFlag[] {
  const [f1, f2, f3, f4] = switchyardFlags() as [EvaluableFlag, EvaluableFlag, EvaluableFlag, EvaluableFlag];
  const out: EvaluableFlag[] = [f1, f2, f3, f4].slice(0, n);
  for (let i = out.length; i < n; i++) {
    const r = i % 10;
    const shape = r < 4 ? f1 : r < 7 ? f2 : r < 9 ? f3 : f4;
    out.push(structuredClone({ ...shape, key: `flag-${String(i).padStart(5, '0')}-${shape.key}` }));
  }
  return out;
}
