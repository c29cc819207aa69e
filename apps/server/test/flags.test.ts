import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('flags', () => {
  it('creates a flag with owner, defaults its expiry from its type, and starts off everywhere', async () => {
    const res = await s.post('/api/v1/flags', flagBody('new-checkout', { name: 'New checkout', tags: ['checkout'] }));
    expect(res.status).toBe(201);
    const flag = res.body;
    expect(flag).toMatchObject({ key: 'new-checkout', owner: 'team-checkout', type: 'release', variationType: 'boolean', offVariation: 0, version: 1, archivedAt: null });
    const lifetime = Date.parse(flag.expiresAt) - Date.parse(flag.createdAt);
    expect(lifetime).toBe(40 * 86_400_000);
    expect(Object.keys(flag.environments).sort()).toEqual(['development', 'production', 'staging']);
    for (const env of Object.values<any>(flag.environments)) {
      expect(env).toMatchObject({ enabled: false, killed: null, rules: [], targets: [], fallthrough: { variation: 1 } });
    }
  });

  it('defaults expiry per type: migration 90 days, ops 7, kill-switch permanent', async () => {
    const mig = await s.post('/api/v1/flags', flagBody('move-orders', { type: 'migration' }));
    expect(Date.parse(mig.body.expiresAt) - Date.parse(mig.body.createdAt)).toBe(90 * 86_400_000);
    const ops = await s.post('/api/v1/flags', flagBody('slow-path', { type: 'ops' }));
    expect(Date.parse(ops.body.expiresAt) - Date.parse(ops.body.createdAt)).toBe(7 * 86_400_000);
    const kill = await s.post('/api/v1/flags', flagBody('importer', { type: 'kill-switch' }));
    expect(kill.body.expiresAt).toBeNull();
  });

  it('refuses a permanent release flag, naming expiresAt', async () => {
    const res = await s.post('/api/v1/flags', flagBody('forever', { expiresAt: null }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details[0].path).toBe('body.expiresAt');
  });

  it('refuses a flag without an owner and a duplicate key', async () => {
    const noOwner = await s.post('/api/v1/flags', { key: 'orphan', type: 'release' });
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.details.map((d: any) => d.path)).toContain('body.owner');
    const dup = await s.post('/api/v1/flags', flagBody('new-checkout'));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ALREADY_EXISTS');
  });

  it('creates a string flag with typed variations and refuses a value of the wrong type', async () => {
    const ok = await s.post('/api/v1/flags', flagBody('button-color', { type: 'experiment', variationType: 'string', variations: [{ name: 'blue', value: 'blue' }, { name: 'green', value: 'green' }] }));
    expect(ok.status).toBe(201);
    expect(ok.body.environments.production.fallthrough).toEqual({ variation: 0 });
    const bad = await s.post('/api/v1/flags', flagBody('bad-color', { variationType: 'string', variations: [{ name: 'blue', value: 3 }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('body.variations[0].value');
  });

  it('lists with filters by tag, owner, type, stale and search', async () => {
    const byTag = await s.get('/api/v1/flags?tag=checkout');
    expect(byTag.body.items.map((f: any) => f.key)).toEqual(['new-checkout']);
    const byType = await s.get('/api/v1/flags?type=kill-switch');
    expect(byType.body.items.map((f: any) => f.key)).toEqual(['importer']);
    const byOwner = await s.get('/api/v1/flags?owner=nobody');
    expect(byOwner.body.items).toEqual([]);
    const search = await s.get('/api/v1/flags?q=CHECK');
    expect(search.body.items.map((f: any) => f.key)).toEqual(['new-checkout']);
    const stale = await s.get('/api/v1/flags?stale=true');
    expect(stale.body.items).toEqual([]);
    const bad = await s.get('/api/v1/flags?stale=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.stale');
  });

  it('updates with optimistic concurrency: a stale base version gets 409 with the current state', async () => {
    const first = await s.patch('/api/v1/flags/new-checkout', { baseVersion: 1, description: 'The new checkout flow' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await s.patch('/api/v1/flags/new-checkout', { baseVersion: 1, description: 'Someone else' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.details.currentVersion).toBe(2);
    expect(stale.body.details.current.description).toBe('The new checkout flow');
  });

  it('archives instead of deleting; archived flags leave the default list and refuse edits', async () => {
    const res = await s.post('/api/v1/flags/slow-path/archive', { reason: 'done' });
    expect(res.status).toBe(200);
    expect(res.body.archivedAt).not.toBeNull();
    const list = await s.get('/api/v1/flags');
    expect(list.body.items.map((f: any) => f.key)).not.toContain('slow-path');
    const archived = await s.get('/api/v1/flags?archived=true');
    expect(archived.body.items.map((f: any) => f.key)).toEqual(['slow-path']);
    const edit = await s.patch('/api/v1/flags/slow-path', { baseVersion: 2, description: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('FLAG_ARCHIVED');
    const again = await s.post('/api/v1/flags/slow-path/archive', {});
    expect(again.status).toBe(409);
    expect((await s.post('/api/v1/flags/slow-path/unarchive', {})).status).toBe(200);
  });

  it('answers 404 naming the flag', async () => {
    const res = await s.get('/api/v1/flags/missing-flag');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'FLAG_NOT_FOUND', message: 'No flag "missing-flag".' });
  });
});

describe('what a non-boolean flag serves once turned on (README, "API at a glance")', () => {
  it('without onVariation: its off variation (turning it on changes nothing), never variation 0 by accident; with onVariation: that one', async () => {
    const variations = [
      { name: 'a', value: 'A' },
      { name: 'b', value: 'B' },
      { name: 'c', value: 'C' },
    ];
    const plain = await s.post('/api/v1/flags', { key: 'copy-test', type: 'experiment', owner: 'growth', variationType: 'string', variations, offVariation: 1 });
    expect(plain.status).toBe(201);
    const chosen = await s.post('/api/v1/flags', { key: 'copy-test-on', type: 'experiment', owner: 'growth', variationType: 'string', variations, offVariation: 1, onVariation: 2 });
    expect(chosen.status).toBe(201);
    const serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'copy-svc' })).body.secret;
    for (const key of ['copy-test', 'copy-test-on']) {
      const cfg = (await s.get(`/api/v1/flags/${key}/environments/production`)).body;
      expect((await s.post(`/api/v1/flags/${key}/environments/production/toggle`, { enabled: true, baseVersion: cfg.version })).status).toBe(200);
    }
    const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body;
    const { createEvaluator } = await import('@switchyard/core');
    const ev = createEvaluator(rules);
    expect(ev.evaluate('copy-test', { key: 'u1' }).value).toBe('B');
    expect(ev.evaluate('copy-test-on', { key: 'u1' }).value).toBe('C');
    expect((await s.post('/api/v1/flags', { key: 'copy-bad', type: 'experiment', owner: 'growth', variationType: 'string', variations, onVariation: 3 })).body.details[0]).toMatchObject({ path: 'body.onVariation' });
  });
});
