import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENVIRONMENT_BUDGET, recountEnvironment, type EnvironmentBudget } from '../src/features/environments/environment-size';
import { PROTOCOL_LIMITS } from '@switchyard/core';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Environment budgets (issue 26, item 5): a write that would grow an environment past what SDKs can
 * load is refused with 413 naming the budget; the size and the budget are readable from the API and
 * /metrics; the running size always equals a count from scratch.
 */
let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const targets = (n: number, prefix: string) => [{ variation: 1, values: Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}-${'u'.repeat(40)}`) }];
const cfg = (key: string, env = 'production') => `/api/v1/flags/${key}/environments/${env}`;

async function start(budget: Partial<EnvironmentBudget>): Promise<TestServer> {
  s = await startTestServer({ budget: { ...DEFAULT_ENVIRONMENT_BUDGET, ...budget } });
  return s;
}

async function size(server: TestServer, env = 'production') {
  return (await server.get(`/api/v1/environments/${env}`)).body.size as { bytes: number; flags: number; segments: number };
}

async function recount(server: TestServer, env = 'production') {
  return server.services.db.read((st) => recountEnvironment(st, env));
}

describe('environment budgets', () => {
  it('uses the wire schema\'s own counts: 20,000 flags and 10,000 segments per environment', () => {
    expect(DEFAULT_ENVIRONMENT_BUDGET).toMatchObject({ flags: PROTOCOL_LIMITS.flagsPerEnvironment, segments: PROTOCOL_LIMITS.segmentsPerEnvironment });
    expect(DEFAULT_ENVIRONMENT_BUDGET.flags).toBe(20_000);
  });

  it('refuses a targeting edit that would grow the environment past its byte budget (413 naming it), and changes nothing', async () => {
    const server = await start({ bytes: 400_000 });
    for (const key of ['a', 'b', 'c']) expect((await server.post('/api/v1/flags', flagBody(key))).status).toBe(201);
    // About 160 KB each: two fit, the third does not.
    for (const key of ['a', 'b']) {
      const res = await server.patch(cfg(key), { baseVersion: (await server.get(cfg(key))).body.version, targets: targets(3_000, key) });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    }
    const before = await size(server);
    expect(before.bytes).toBeGreaterThan(300_000);
    const refused = await server.patch(cfg('c'), { baseVersion: (await server.get(cfg('c'))).body.version, targets: targets(3_000, 'c') });
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('ENVIRONMENT_BUDGET_EXCEEDED');
    expect(refused.body.message).toMatch(/production.*bytes budget is 400,000 bytes/);
    expect(refused.body.details).toMatchObject({ environment: 'production', budget: 'bytes', limit: 400_000, current: before.bytes });
    expect(refused.body.details.requested).toBeGreaterThan(400_000);
    expect(await size(server)).toEqual(before);
    // The same edit in another environment fits its own budget.
    expect((await server.patch(cfg('c', 'staging'), { baseVersion: (await server.get(cfg('c', 'staging'))).body.version, targets: targets(3_000, 'c') })).status).toBe(200);
  });

  it('lets a change that shrinks an environment through even while it is over a lowered budget', async () => {
    const budget = { ...DEFAULT_ENVIRONMENT_BUDGET };
    s = await startTestServer({ budget });
    const server = s;
    for (const key of ['a', 'b']) expect((await server.post('/api/v1/flags', flagBody(key))).status).toBe(201);
    for (const key of ['a', 'b'])
      expect((await server.patch(cfg(key), { baseVersion: (await server.get(cfg(key))).body.version, targets: targets(2_000, key) })).status).toBe(200);
    budget.bytes = (await size(server)).bytes - 1_000; // an operator lowered the budget below what the environment holds
    const grow = await server.patch(cfg('a'), { baseVersion: (await server.get(cfg('a'))).body.version, targets: targets(2_100, 'a') });
    expect(grow.status).toBe(413);
    const shrink = await server.patch(cfg('a'), { baseVersion: (await server.get(cfg('a'))).body.version, targets: [] });
    expect(shrink.status).toBe(200);
    // Toggling changes no measure: it passes too.
    expect((await server.post(`${cfg('b')}/toggle`, { enabled: true, baseVersion: (await server.get(cfg('b'))).body.version })).status).toBe(200);
  });

  it('counts flags: the flag past the budget is refused in every environment, and archiving makes room', async () => {
    const server = await start({ flags: 3 });
    for (const key of ['f1', 'f2', 'f3']) expect((await server.post('/api/v1/flags', flagBody(key))).status).toBe(201);
    const refused = await server.post('/api/v1/flags', flagBody('f4'));
    expect(refused.status).toBe(413);
    expect(refused.body.details).toMatchObject({ budget: 'flags', limit: 3, current: 3, requested: 4 });
    expect((await server.get('/api/v1/flags/f4')).status).toBe(404);
    expect((await server.post('/api/v1/flags/f1/archive', {})).status).toBe(200);
    expect((await size(server)).flags).toBe(2);
    expect((await server.post('/api/v1/flags', flagBody('f4'))).status).toBe(201);
    const unarchive = await server.post('/api/v1/flags/f1/unarchive', {});
    expect(unarchive.status).toBe(413);
    expect(unarchive.body.details.budget).toBe('flags');
  });

  it('counts segments', async () => {
    const server = await start({ segments: 2 });
    for (const key of ['s1', 's2']) expect((await server.post('/api/v1/environments/production/segments', { key })).status).toBe(201);
    const refused = await server.post('/api/v1/environments/production/segments', { key: 's3' });
    expect(refused.status).toBe(413);
    expect(refused.body.details).toMatchObject({ budget: 'segments', limit: 2 });
    const del = await server.request('DELETE', '/api/v1/environments/production/segments/s1', { body: {} });
    expect(del.status).toBe(204);
    expect((await server.post('/api/v1/environments/production/segments', { key: 's3' })).status).toBe(201);
  });

  it('holds when two writers race past it: exactly one of two edits that fit only alone lands', async () => {
    const server = await start({ bytes: 250_000 });
    for (const key of ['a', 'b']) expect((await server.post('/api/v1/flags', flagBody(key))).status).toBe(201);
    const bases = await Promise.all(['a', 'b'].map(async (k) => (await server.get(cfg(k))).body.version as number));
    const [ra, rb] = await Promise.all(['a', 'b'].map((k, i) => server.services.configs.update({ name: 'w', keyId: null, role: 'admin' }, k, 'production', { baseVersion: bases[i]!, targets: targets(3_000, k) }).then(() => 200, (e: { status: number }) => e.status)));
    expect([ra, rb].sort()).toEqual([200, 413]);
    expect(await size(server)).toEqual(await recount(server));
  });

  it('answers the size and the budget from the environment resource and /metrics; the size is what SDKs load', async () => {
    const server = await start({});
    expect((await server.post('/api/v1/flags', flagBody('a', { clientSide: true }))).status).toBe(201);
    expect((await server.post('/api/v1/environments/production/segments', { key: 'beta', included: ['u1', 'u2'] })).status).toBe(201);
    const env = (await server.get('/api/v1/environments/production')).body;
    expect(env.size).toMatchObject({ flags: 1, segments: 1 });
    expect(env.budget).toEqual(DEFAULT_ENVIRONMENT_BUDGET);
    expect((await server.get('/api/v1/environments')).body.items.find((e: { key: string }) => e.key === 'production').size).toEqual(env.size);
    const sdkKey = (await server.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
    const body = (await server.request('GET', '/sdk/v1/flags', { token: sdkKey })).raw;
    // Versions are counted at their widest (27 bytes for `,"version":N`); the envelope adds a few dozen bytes.
    expect(Math.abs(Buffer.byteLength(body) - env.size.bytes)).toBeLessThan(120);
    const metrics = (await server.request('GET', '/metrics', { token: null })).raw;
    expect(metrics).toContain(`switchyard_environment_size{environment="production",measure="bytes"} ${env.size.bytes}`);
    expect(metrics).toContain('switchyard_environment_size{environment="production",measure="flags"} 1');
    expect(metrics).toContain(`switchyard_environment_budget{measure="bytes"} ${DEFAULT_ENVIRONMENT_BUDGET.bytes}`);
  });

  it('recounts once when the running size is not current (a database from before it, a write that did not keep it)', async () => {
    const server = await start({});
    expect((await server.post('/api/v1/flags', flagBody('a'))).status).toBe(201);
    expect((await server.patch(cfg('a'), { baseVersion: (await server.get(cfg('a'))).body.version, targets: targets(50, 'a') })).status).toBe(200);
    const kept = await size(server);
    await server.database.exec('update environments set size_bytes = 0, flag_count = 0, segment_count = 0, sized_version = -1');
    expect(await size(server)).toEqual(kept); // the resource counts while the size is not current
    expect((await server.post(`${cfg('a')}/toggle`, { enabled: true, baseVersion: (await server.get(cfg('a'))).body.version })).status).toBe(200);
    const [row] = await server.database.exec("select size_bytes, flag_count, sized_version, version from environments where key = 'production'");
    expect(Number(row!.sized_version)).toBe(Number(row!.version));
    const counted = await recount(server);
    expect(counted.bytes).toBe(kept.bytes - 1); // "enabled":false became "enabled":true
    expect({ bytes: Number(row!.size_bytes), flags: Number(row!.flag_count) }).toEqual({ bytes: counted.bytes, flags: counted.flags });
  });
});
