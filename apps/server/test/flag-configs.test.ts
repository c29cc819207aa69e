import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
const url = '/api/v1/flags/beta-banner/environments/production';

beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/flags', flagBody('beta-banner'));
  await s.post('/api/v1/flags', flagBody('checkout-v2'));
  await s.post('/api/v1/environments/production/segments', { key: 'beta-users', included: ['u-1'] });
});
afterAll(() => s.close());

const version = async (u = url) => (await s.get(u)).body.version as number;

describe('per-environment config', () => {
  it('toggles on in production only, bumping the environment version', async () => {
    const base = await version();
    const res = await s.post(`${url}/toggle`, { enabled: true, baseVersion: base, reason: 'launch' });
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(true);
    expect(res.body.version).toBeGreaterThan(base);
    expect((await s.get('/api/v1/flags/beta-banner/environments/staging')).body.enabled).toBe(false);
    const stale = await s.post(`${url}/toggle`, { enabled: false, baseVersion: base });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('answers a toggle to the state the flag already has with 200 changed:false, writing and auditing nothing (any base version)', async () => {
    const current = (await s.get(url)).body;
    const audit = (await s.get('/api/v1/audit?flag=beta-banner')).body.items.length;
    for (const baseVersion of [current.version, 1]) {
      const again = await s.post(`${url}/toggle`, { enabled: current.enabled, baseVersion });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ changed: false, enabled: current.enabled, version: current.version });
    }
    expect((await s.get('/api/v1/audit?flag=beta-banner')).body.items.length).toBe(audit);
    const flip = await s.post(`${url}/toggle`, { enabled: !current.enabled, baseVersion: current.version });
    expect(flip.body.changed).toBe(true);
    await s.post(`${url}/toggle`, { enabled: current.enabled, baseVersion: flip.body.version });
  });

  it('answers 404 ENVIRONMENT_NOT_FOUND naming the environment for a change in one that does not exist, and writes nothing', async () => {
    const before = (await s.get('/api/v1/audit?flag=beta-banner')).body;
    for (const [path, body] of [
      ['toggle', { enabled: true, baseVersion: 1 }],
      ['kill', { reason: 'incident' }],
    ] as const) {
      const res = await s.post(`/api/v1/flags/beta-banner/environments/nowhere/${path}`, body);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('ENVIRONMENT_NOT_FOUND');
      expect(res.body.message).toContain('No environment "nowhere"');
    }
    expect((await s.get('/api/v1/audit?flag=beta-banner')).body).toEqual(before);
  });

  it('sets targets, ordered rules with segments and a rollout fallthrough', async () => {
    const res = await s.patch(url, {
      baseVersion: await version(),
      targets: [{ variation: 1, values: ['vip-1'] }],
      rules: [
        { id: 'beta', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-users'] }], serve: { variation: 1 } },
        { id: 'eu', clauses: [{ attribute: 'country', op: 'in', values: ['DE', 'FR'] }], serve: { rollout: { variations: [{ variation: 0, weight: 90000 }, { variation: 1, weight: 10000 }] } } },
      ],
      fallthrough: { variation: 0 },
      reason: 'beta ring',
    });
    expect(res.status).toBe(200);
    expect(res.body.rules.map((r: any) => r.id)).toEqual(['beta', 'eu']);
  });

  it('refuses rules that reference a missing segment, a bad variation or weights not summing to 100%', async () => {
    const base = await version();
    const missing = await s.patch(url, { baseVersion: base, rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['nope'] }], serve: { variation: 1 } }] });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toMatch(/^body\.rules\[0\]\.clauses\[0\]/);
    const badVariation = await s.patch(url, { baseVersion: base, fallthrough: { variation: 7 } });
    expect(badVariation.status).toBe(400);
    expect(badVariation.body.details[0].path).toMatch(/^body\.fallthrough/);
    const weights = await s.patch(url, { baseVersion: base, fallthrough: { rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 40000 }] } } });
    expect(weights.status).toBe(400);
    expect(weights.body.details[0].path).toBe('body.fallthrough.rollout.variations');
    const regex = await s.patch(url, { baseVersion: base, rules: [{ clauses: [{ attribute: 'email', op: 'matches', values: ['^(?=admin)'] }], serve: { variation: 1 } }] });
    expect(regex.status).toBe(400);
    expect(regex.body.details[0].path).toMatch(/^body\.rules\[0\]\.clauses\[0\]\.values/);
  });

  it('detects prerequisite cycles at write time', async () => {
    const a = await s.patch('/api/v1/flags/checkout-v2/environments/production', {
      baseVersion: await version('/api/v1/flags/checkout-v2/environments/production'),
      prerequisites: [{ flag: 'beta-banner', variation: 1 }],
    });
    expect(a.status).toBe(200);
    const cycle = await s.patch(url, { baseVersion: await version(), prerequisites: [{ flag: 'checkout-v2', variation: 1 }] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.details[0].path).toBe('body.prerequisites');
    expect(cycle.body.details[0].message).toContain('cycle');
    const self = await s.patch(url, { baseVersion: await version(), prerequisites: [{ flag: 'beta-banner', variation: 1 }] });
    expect(self.status).toBe(400);
  });

  it('refuses to delete a segment in use', async () => {
    const res = await s.request('DELETE', '/api/v1/environments/production/segments/beta-users');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SEGMENT_IN_USE');
    expect(res.body.details.flags).toEqual(['beta-banner']);
  });
});

describe('kill switch', () => {
  it('kills with a reason regardless of version, refuses a second kill, and restores', async () => {
    const noReason = await s.post(`${url}/kill`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('body.reason');
    const kill = await s.post(`${url}/kill`, { reason: 'checkout errors spiking' }, s.tokens.responder);
    expect(kill.status).toBe(200);
    expect(kill.body.killed).toMatchObject({ by: 'responder-token', reason: 'checkout errors spiking' });
    expect(kill.body.enabled).toBe(true);
    expect(kill.body.changed).toBe(true);
    // Repeated: 200, changed false, the first kill's who/when/why; the harness checks nothing was written or audited.
    const again = await s.post(`${url}/kill`, { reason: 'again' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, version: kill.body.version, killed: { by: 'responder-token', reason: 'checkout errors spiking' } });
    const restore = await s.post(`${url}/restore`, { reason: 'fixed' }, s.tokens.responder);
    expect(restore.status).toBe(200);
    expect(restore.body).toMatchObject({ killed: null, changed: true });
    const restoreAgain = await s.post(`${url}/restore`, { reason: 'again' });
    expect(restoreAgain.status).toBe(200);
    expect(restoreAgain.body).toMatchObject({ killed: null, changed: false, version: restore.body.version });
  });
});
