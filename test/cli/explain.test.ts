import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let h: CliHarness;
const cfgUrl = '/api/v1/flags/checkout/environments/production';
beforeAll(async () => {
  h = await startCliHarness();
  const s = h.server;
  await s.post('/api/v1/environments/production/segments', { key: 'beta-users', included: ['ann'] });
  await s.post('/api/v1/flags', { key: 'checkout', type: 'release', owner: 'team-a' });
  const base = (await s.get(cfgUrl)).body.version as number;
  await s.patch(cfgUrl, {
    baseVersion: base,
    enabled: true,
    rules: [
      { id: 'nordics', clauses: [{ attribute: 'country', op: 'in', values: ['NO', 'SE'] }, { attribute: 'age', op: 'gte', values: [18] }], serve: { variation: 1 } },
      { id: 'beta', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-users'] }], serve: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } },
    ],
    fallthrough: { variation: 0 },
  });
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

describe('switchyard explain', () => {
  it('prints the value, the deciding step and every clause with the value it saw', async () => {
    const res = await h.run(['explain', 'checkout', '--env', 'production', '--context', '{"country":"NO","age":16}', '--key', 'carl']);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain('checkout: false (variant "off"), reason DEFAULT');
    expect(res.stdout).toContain('because no individual target or rule matched: the fallthrough serves "off"');
    expect(res.stdout).toContain('rule 0 (nordics): no match (clause 1 failed)');
    expect(res.stdout).toContain('✓ country in ["NO","SE"]: saw "NO"');
    expect(res.stdout).toContain('✗ age gte [18]: saw 16');
    expect(res.stdout).toContain('beta-users: not a member (no segment rule matched)');
  });

  it('shows segment decisions and the rollout bucket; --json gives the trace; reads the context from a file', async () => {
    const file = join(h.dir, 'ann.json');
    writeFileSync(file, JSON.stringify({ key: 'ann' }));
    const res = await h.run(['explain', 'checkout', '--env', 'production', '--context-file', 'ann.json']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('because rule 1 (beta) matched: rolls out by "key": bucket');
    expect(res.stdout).toContain('beta-users: member (key included)');
    const json = JSON.parse((await h.run(['explain', 'checkout', '--env', 'production', '--key', 'ann', '--json'])).stdout);
    expect(json.trace.decision).toMatchObject({ step: 'rule', ruleIndex: 1, ruleId: 'beta' });
  });

  it('reports a bad context before calling the server, and the server refusing one', async () => {
    const notJson = await h.run(['explain', 'checkout', '--env', 'production', '--context', '{nope']);
    expect(notJson.code).not.toBe(0);
    expect(notJson.stderr).toContain('--context is not JSON');
    const array = await h.run(['explain', 'checkout', '--env', 'production', '--context', '[1]']);
    expect(array.stderr).toContain('must be a JSON object');
    const badKey = await h.run(['explain', 'checkout', '--env', 'production', '--context', '{"key": 5}']);
    expect(badKey.code).not.toBe(0);
    expect(badKey.stderr).toContain('body.context.key');
  });
});
