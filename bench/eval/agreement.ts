import type { Contender } from './contender';
import { F3_VARIANTS, F3_WEIGHTS, type Shape, type User } from './workload';

export interface Agreement {
  contender: string;
  /** F1, F2, F4: contexts whose value differs from the expected one, out of those checked. */
  exact: { shape: Shape; checked: number; wrong: number; example?: string }[];
  /** F3: share of each variant over all contexts, in %, and whether each is within ±1 point of its weight. */
  split: { shares: number[]; within: boolean; unexpected: number };
}

/**
 * Checks, before anything is timed, that a contender serves what the flags mean: the exact value
 * for F1, F2 and F4 on the first `sample` users, and for F3 (where every product hashes differently)
 * a distribution within ±1 percentage point of 33/33/34 over all users.
 */
export async function checkAgreement(c: Contender, users: readonly User[], sample: number): Promise<Agreement> {
  const exact: Agreement['exact'] = [];
  for (const shape of ['F1', 'F2', 'F4'] as const) {
    let wrong = 0;
    let example: string | undefined;
    const n = Math.min(sample, users.length);
    for (let i = 0; i < n; i++) {
      const got = await c.evaluate[shape](c.contexts[i]);
      const want = users[i]!.expected[shape];
      if (got !== want) {
        wrong++;
        example ??= `${users[i]!.key}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
      }
    }
    exact.push({ shape, checked: n, wrong, ...(example ? { example } : {}) });
  }
  const counts = F3_VARIANTS.map(() => 0);
  let unexpected = 0;
  for (let i = 0; i < users.length; i++) {
    const idx = F3_VARIANTS.indexOf((await c.evaluate.F3(c.contexts[i])) as never);
    if (idx < 0) unexpected++;
    else counts[idx]!++;
  }
  const shares = counts.map((n) => (n / users.length) * 100);
  const within = unexpected === 0 && shares.every((s, i) => Math.abs(s - F3_WEIGHTS[i]!) <= 1);
  return { contender: c.name, exact, split: { shares, within, unexpected } };
}

/** F3 value per context, to check that two routes to the same engine bucket identically. */
export async function f3Values(c: Contender, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(await c.evaluate.F3(c.contexts[i]));
  return out;
}
