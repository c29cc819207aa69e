import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';
import { RawStream } from './support/ws-client';

/**
 * Issue 26, item 1: one saved `matches` rule and one browser context used to stall the server's
 * event loop (`/healthz` included) for as long as its backtracking RegExp took: seconds to minutes
 * for 4,096 characters. Patterns now run in time linear in the input, and what cannot be run that
 * way is refused at save time, naming the field and why.
 */
let s: TestServer;
let clientKey: string;
const streams: RawStream[] = [];
const configUrl = (flag: string) => `/api/v1/flags/${flag}/environments/production`;

async function saveRule(flag: string, pattern: string) {
  const base = (await s.get(configUrl(flag))).body.version;
  return s.patch(configUrl(flag), { baseVersion: base, rules: [{ clauses: [{ attribute: 'ua', op: 'matches', values: [pattern] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
}

beforeAll(async () => {
  s = await startTestServer({ listen: true });
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
  // `.*a.*b` was accepted before too (no nested quantifier); a backtracking engine takes ~O(n³) on a's without a b.
  for (const [flag, pattern] of [['ua-polynomial', '.*a.*b'], ['ua-exponential', '^(a|aa)+$'], ['ua-agent', '.*Mozilla.*Chrome.*Safari.*Mobile']] as const) {
    expect((await s.post('/api/v1/flags', { key: flag, type: 'release', owner: 'web', clientSide: true })).status).toBe(201);
    expect((await saveRule(flag, pattern)).status).toBe(200);
    const base = (await s.get(configUrl(flag))).body.version;
    expect((await s.post(`${configUrl(flag)}/toggle`, { enabled: true, baseVersion: base })).status).toBe(200);
  }
});
afterAll(async () => {
  for (const r of streams) r.close();
  await s.close();
});

describe('matches runs in linear time on the server', () => {
  it('answers /healthz promptly while a browser with a 4,096-character attribute is evaluated against hostile patterns', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const contexts = [
      { key: 'u1', ua: 'a'.repeat(4_096) },
      { key: 'u2', ua: `${'a'.repeat(4_095)}!` },
      { key: 'u3', ua: 'Mozilla Chrome Safari '.repeat(186) },
    ];
    const expected = [
      { 'ua-polynomial': false, 'ua-exponential': true, 'ua-agent': false },
      { 'ua-polynomial': false, 'ua-exponential': false, 'ua-agent': false },
      { 'ua-polynomial': false, 'ua-exponential': false, 'ua-agent': false },
    ];
    const browsers = contexts.map(() => new RawStream(s.baseUrl));
    streams.push(...browsers);
    await Promise.all(browsers.map((b) => b.opened()));
    const sentAt = performance.now();
    browsers.forEach((b, i) => b.send({ type: 'hello', protocol: 1, sdk: { name: 'raw-test', version: '0' }, key: clientKey, context: contexts[i] }));
    const health = fetch(`${s.baseUrl}/healthz`).then(async (res) => ({ status: res.status, ms: performance.now() - sentAt }));
    const values = await Promise.all(browsers.map((b) => b.next('values', 120_000)));
    const answered = await health;
    delay.disable();

    values.forEach((v, i) => {
      const served = Object.fromEntries(Object.entries(v.values as Record<string, { value: boolean }>).map(([k, x]) => [k, x.value]));
      expect(served, JSON.stringify(contexts[i]).slice(0, 40)).toEqual(expected[i]);
    });
    expect(answered.status).toBe(200);
    // Generous bounds: linear matching takes well under a millisecond here; the backtracking
    // RegExp held the event loop for tens of seconds (and far longer on the user-agent pattern).
    const maxBlockMs = delay.max / 1e6;
    expect(maxBlockMs, `the event loop was blocked for ${maxBlockMs.toFixed(0)} ms`).toBeLessThan(1_000);
    expect(answered.ms, `/healthz took ${answered.ms.toFixed(0)} ms`).toBeLessThan(2_000);
  }, 300_000);

  it.each([
    ['^(?=admin)', /lookahead or lookbehind/],
    ['(a)\\1', /backreference/],
    ['(?<n>a)\\k<n>', /backreference/],
    ['a{2000}', /2,000 times, more than linear-time matching allows/],
    ['(?:a{500}){500}', /too large for linear-time matching/],
    ['\\p{Letter}', /Unicode property/],
    ['a'.repeat(257), /longer than 256 characters/],
  ])('refuses %j at save time with a 400 naming the value and why', async (pattern, why) => {
    const res = await saveRule('ua-agent', pattern);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ path: 'body.rules[0].clauses[0].values[0]', message: expect.stringMatching(why) }]);
    expect(res.body.details[0].message).toContain(`pattern ${JSON.stringify(pattern)}`);
  });
});
