import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFuzzRequest, fuzzRequest, seedFuzzTargets } from './support/http-fuzz';
import { startTestServer, type TestServer } from './support/test-server';

/** Fast variant: 1,000 hostile requests (bench/soak/fuzz-soak.ts runs 100,000). */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await seedFuzzTargets(s);
});
afterAll(() => s.close());

describe('hostile input on the admin and SDK HTTP API', () => {
  it('never answers 5xx, always names the field, and never half-writes', async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        const found = await checkFuzzRequest(s, r);
        if (found.length > 0) console.error(found.join('\n'));
        problems.push(...found);
        return found.length === 0;
      }),
      { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(problems).toEqual([]);
    // The server is still healthy for everyone else.
    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
  }, 120_000);
});
