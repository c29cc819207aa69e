import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENVIRONMENT_BUDGET } from '../src/features/environments/environment-size';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Plans (issue 26, item 7): POST /api/v1/environments/:env/apply applies a list of changes in one
 * transaction — every base version checked first, all or nothing, one audit entry per change, one
 * environment version that SDKs receive as one unit — with 4xx answers naming the change and field.
 */
let s: TestServer;
const streams = streamFixture(() => s);
const apply = (changes: unknown[], env = 'production', token?: string) => s.request('POST', `/api/v1/environments/${env}/apply`, { body: { changes, reason: 'release 42' }, token });
const envVersion = async (env: string) => (await s.get(`/api/v1/environments/${env}`)).body.version as number;
const configVersion = async (flag: string) => (await s.get(streams.prod(flag))).body.version as number;

beforeAll(async () => {
  s = await startTestServer({ listen: true, budget: { ...DEFAULT_ENVIRONMENT_BUDGET, flags: 8 } });
  expect((await s.post('/api/v1/flags', flagBody('banner'))).status).toBe(201);
});
afterAll(async () => {
  streams.closeAll();
  await s.close();
});

describe('applying a plan', () => {
  it('applies every change in one version per environment, audits each, and SDKs receive it as one unit', async () => {
    const serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
    const v2 = streams.open();
    const v1 = streams.open();
    const ready2 = await v2.hello(serverKey, { protocol: 2 });
    await v1.hello(serverKey);
    await v2.next('snapshot');
    await v1.next('snapshot');
    const before = { production: await envVersion('production'), staging: await envVersion('staging') };
    expect(ready2.version).toBe(before.production);

    const res = await apply([
      { op: 'segment.create', key: 'beta', included: ['user-1'] },
      { op: 'flag.create', key: 'checkout', type: 'release', owner: 'team-pay' },
      { op: 'flag.config.update', key: 'checkout', rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } },
      { op: 'flag.enable', key: 'checkout' },
      { op: 'flag.update', key: 'banner', baseVersion: 1, description: 'now with a plan' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.applied.map((a: { op: string }) => a.op)).toEqual(['segment.create', 'flag.create', 'flag.config.update', 'flag.enable', 'flag.update']);
    expect(res.body.versions).toEqual({ production: before.production + 1, staging: before.staging + 1, development: expect.any(Number) });
    expect(await envVersion('production')).toBe(before.production + 1);
    expect(await envVersion('staging')).toBe(before.staging + 1);

    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
    const entries = (await s.get('/api/v1/audit?limit=5')).body.items;
    expect(entries.map((e: { action: string }) => e.action).reverse()).toEqual(['segment.create', 'flag.create', 'flag.config.update', 'flag.enable', 'flag.update']);
    expect(entries.every((e: { reason: string }) => e.reason === 'release 42')).toBe(true);

    // Protocol 2: one `changes` message holding every item, as the plan left it.
    const changes = await v2.next('changes');
    expect(changes.version).toBe(before.production + 1);
    expect(changes.items.map((i: { kind: string; key: string }) => `${i.kind}:${i.key}`).sort()).toEqual(['flag:banner', 'flag:checkout', 'segment:beta']);
    const checkout = changes.items.find((i: { key: string }) => i.key === 'checkout').data;
    expect(checkout).toMatchObject({ enabled: true, version: before.production + 1 });
    expect(checkout.rules).toHaveLength(1);
    expect(v2.frames.filter((f) => f.type === 'patch')).toEqual([]);
    // Protocol 1 cannot take a `changes` message: one snapshot at that version, also one unit.
    const snapshot = await v1.next('snapshot');
    expect(snapshot.version).toBe(before.production + 1);
    expect(snapshot.flags.find((f: { key: string }) => f.key === 'checkout')).toMatchObject({ enabled: true });
    expect(v1.frames.filter((f) => f.type === 'patch' || f.type === 'changes')).toEqual([]);
  });

  it('checks every base version first: a stale one anywhere in the plan refuses it all (409 naming the change), nothing written', async () => {
    const version = await configVersion('banner');
    const res = await apply([
      { op: 'flag.create', key: 'never' },
      { op: 'flag.enable', key: 'banner', baseVersion: version },
      { op: 'flag.config.update', key: 'checkout', baseVersion: (await configVersion('checkout')) - 1, fallthrough: { variation: 1 } },
    ].map((c, i) => (i === 0 ? { ...c, type: 'release', owner: 'o' } : c)));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('VERSION_CONFLICT');
    expect(res.body.message).toMatch(/^changes\[2\] \(flag\.config\.update\)/);
    expect(res.body.details).toMatchObject({ change: 2, key: 'checkout' });
    expect((await s.get('/api/v1/flags/never')).status).toBe(404);
  });

  it('rolls the whole plan back when a later change is refused while applying, naming its index and field', async () => {
    const res = await apply([
      { op: 'flag.create', key: 'half-made', type: 'release', owner: 'o' },
      { op: 'flag.enable', key: 'half-made' },
      { op: 'flag.config.update', key: 'half-made', rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['no-such-segment'] }], serve: { variation: 1 } }] },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toMatch(/^body\.changes\[2\]\.rules\[0\]\.clauses\[0\]\.values/);
    expect((await s.get('/api/v1/flags/half-made')).status).toBe(404);
  });

  it('validates the plan at the edge with zod, naming the change index and the field', async () => {
    const missing = await apply([{ op: 'flag.enable', key: 'banner' }]);
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toEqual({ path: 'body.changes[0].baseVersion', message: 'is required: the version your change is based on' });
    const unknownOp = await apply([{ op: 'flag.explode', key: 'banner' }]);
    expect(unknownOp.status).toBe(400);
    expect(unknownOp.body.details[0].path).toBe('body.changes[0].op');
    const extra = await apply([{ op: 'flag.disable', key: 'banner', baseVersion: 1, colour: 'red' }]);
    expect(extra.body.details[0].path).toBe('body.changes[0].colour');
    const badType = await apply([{ op: 'flag.config.update', key: 'banner', baseVersion: 'one' }]);
    expect(badType.body.details[0].path).toBe('body.changes[0].baseVersion');
    expect((await apply([])).body.details[0].path).toBe('body.changes');
  });

  it('names the same item\'s bases consistently: omitted for what the plan creates, equal for changes to one item', async () => {
    const created = await apply([
      { op: 'flag.create', key: 'fresh', type: 'release', owner: 'o' },
      { op: 'flag.enable', key: 'fresh', baseVersion: 1 },
    ]);
    expect(created.status).toBe(400);
    expect(created.body.details[0]).toMatchObject({ path: 'body.changes[1].baseVersion', message: expect.stringMatching(/must be omitted: changes\[0\] creates/) });
    const v = await configVersion('banner');
    const twice = await apply([
      { op: 'flag.config.update', key: 'banner', baseVersion: v, targets: [{ variation: 1, values: ['vip'] }] },
      { op: 'flag.enable', key: 'banner', baseVersion: v + 1 },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.details[0].path).toBe('body.changes[1].baseVersion');
    const same = await apply([
      { op: 'flag.config.update', key: 'banner', baseVersion: v, targets: [{ variation: 1, values: ['vip'] }] },
      { op: 'flag.enable', key: 'banner', baseVersion: v },
    ]);
    expect(same.status).toBe(200);
  });

  it('refuses a plan that archives a killed flag unless it forces it; and one that outgrows a budget', async () => {
    expect((await s.post(`${streams.prod('checkout')}/kill`, { reason: 'INC-1' }, s.tokens.responder)).status).toBe(200);
    const flagVersion = (await s.get('/api/v1/flags/checkout')).body.version;
    const refused = await apply([{ op: 'flag.archive', key: 'checkout', baseVersion: flagVersion }]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('FLAG_KILLED');
    expect(refused.body.details.change).toBe(0);

    const flags = (await s.get('/api/v1/environments/production')).body.size.flags;
    const tooMany = await apply(Array.from({ length: 8 - flags + 1 }, (_, i) => ({ op: 'flag.create', key: `many-${i}`, type: 'release', owner: 'o' })));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('ENVIRONMENT_BUDGET_EXCEEDED');
    expect((await s.get('/api/v1/flags/many-0')).status).toBe(404);

    const forced = await s.request('POST', '/api/v1/environments/production/apply', { body: { changes: [{ op: 'flag.archive', key: 'checkout', baseVersion: flagVersion, force: true }], reason: 'gone from the code' } });
    expect(forced.status).toBe(200);
    expect((await s.get('/api/v1/flags/checkout/audit?limit=1')).body.items[0].action).toBe('flag.archive.forced');
  });

  it('reads its own writes: a segment stops being used, then goes, in one plan (the other order is refused)', async () => {
    expect((await s.post('/api/v1/flags', flagBody('ringed'))).status).toBe(201);
    expect((await s.post('/api/v1/environments/production/segments', { key: 'ring-2' })).status).toBe(201);
    const rule = [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['ring-2'] }], serve: { variation: 1 } }];
    expect((await s.patch(streams.prod('ringed'), { baseVersion: await configVersion('ringed'), rules: rule })).status).toBe(200);
    const ring = (await s.get('/api/v1/environments/production/segments/ring-2')).body.version;
    const base = await configVersion('ringed');
    const wrongOrder = await apply([
      { op: 'segment.delete', key: 'ring-2', baseVersion: ring },
      { op: 'flag.config.update', key: 'ringed', baseVersion: base, rules: [] },
    ]);
    expect(wrongOrder.status).toBe(409);
    expect(wrongOrder.body.code).toBe('SEGMENT_IN_USE');
    expect(wrongOrder.body.details.change).toBe(0);
    const res = await apply([
      { op: 'flag.config.update', key: 'ringed', baseVersion: base, rules: [] },
      { op: 'segment.delete', key: 'ring-2', baseVersion: ring },
      { op: 'flag.update', key: 'ringed', baseVersion: 1, description: 'after the ring' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await s.get(streams.prod('ringed'))).body).toMatchObject({ rules: [], version: res.body.versions.production });
    expect((await s.get('/api/v1/environments/production/segments/ring-2')).status).toBe(404);
    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('is for editors: viewers and responders are refused', async () => {
    const v = await configVersion('banner');
    for (const role of ['viewer', 'responder'] as const) expect((await apply([{ op: 'flag.disable', key: 'banner', baseVersion: v }], 'production', s.tokens[role])).status).toBe(403);
    expect((await apply([{ op: 'flag.disable', key: 'banner', baseVersion: v }], 'nowhere')).status).toBe(404);
  });
});
