import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFuzzRequest, FUZZ_BUDGET, fuzzRequest, grown, seedFuzzTargets } from './support/http-fuzz';
import { startTestServer, type TestServer } from './support/test-server';

/** Fast variant: 1,000 hostile requests (bench/soak/fuzz-soak.ts runs 100,000). */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ budget: FUZZ_BUDGET });
  await seedFuzzTargets(s);
});
afterAll(() => s.close());

describe('hostile input on the admin and SDK HTTP API', () => {
  it('never answers 5xx, always names the field, never half-writes, and keeps every environment within its budget', async () => {
    const problems: string[] = [];
    let overBudget = 0;
    const count = (_: number, code: string | undefined) => (overBudget += code === 'ENVIRONMENT_BUDGET_EXCEEDED' ? 1 : 0);
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        const found = await checkFuzzRequest(s, r, FUZZ_BUDGET, count);
        if (found.length > 0) console.error(found.join('\n'));
        problems.push(...found);
        return found.length === 0;
      }),
      { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(problems).toEqual([]);
    // Whatever the seed reached, large segments and one flag after another run into the budgets, under the same checks.
    for (let n = 0; n < 16; n++) {
      problems.push(...(await checkFuzzRequest(s, grown('POST', '/api/v1/environments/staging/segments', { key: 'x' }, n, 'burst'), FUZZ_BUDGET, count)));
      problems.push(...(await checkFuzzRequest(s, grown('POST', '/api/v1/flags', { key: 'x', type: 'release', owner: 'o' }, 100 + n, 'burst'), FUZZ_BUDGET, count)));
    }
    expect(problems).toEqual([]);
    expect(overBudget).toBeGreaterThan(1);
    // The server is still healthy for everyone else.
    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
  }, 120_000);
});
