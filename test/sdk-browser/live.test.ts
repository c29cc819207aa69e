import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { createBrowserClient, quiet, recordingWebSocket, sleep, until, type BrowserClient, type EvaluationContext } from './support';

let s: TestServer;
let clientKey: string;
const clients: BrowserClient[] = [];
const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
const configVersion = async (flag: string) => (await s.get(prod(flag))).body.version as number;
const CLIENT_FLAGS = ['banner', 'client-vip', 'headline'];

function open(context: EvaluationContext, extra: { clientKey?: string } = {}) {
  const rec = recordingWebSocket();
  const client = createBrowserClient({
    clientKey: extra.clientKey ?? clientKey,
    baseUrl: s.baseUrl,
    context,
    webSocket: rec.WebSocket,
    storage: null,
    logger: quiet,
    backoff: { initialMs: 50, maxMs: 200 },
  });
  clients.push(client);
  return { client, rec };
}

beforeAll(async () => {
  s = await startTestServer({ listen: true });
  const vip = await s.post('/api/v1/environments/production/segments', {
    key: 'vip-segment',
    name: 'VIPs',
    included: ['user-vip-1'],
    rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['enterprise'] }] }],
  });
  expect(vip.status).toBe(201);
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('headline', { clientSide: true, variationType: 'string', variations: [{ name: 'plain', value: 'Hello' }, { name: 'loud', value: 'HELLO' }], offVariation: 0, onVariation: 0 }));
  await s.post('/api/v1/flags', flagBody('client-vip', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('server-secret'));
  await s.patch(prod('headline'), { baseVersion: await configVersion('headline'), enabled: true, rules: [{ id: 'pro-plan', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variation: 1 } }] });
  await s.patch(prod('client-vip'), { baseVersion: await configVersion('client-vip'), enabled: true, rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['vip-segment'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
  await s.patch(prod('server-secret'), { baseVersion: await configVersion('server-secret'), enabled: true, targets: [{ variation: 1, values: ['user-1'] }], rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['vip-segment'] }], serve: { variation: 1 } }] });
  await s.post(`${prod('banner')}/toggle`, { enabled: true, baseVersion: await configVersion('banner') });
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});

afterAll(async () => {
  for (const c of clients) c.close();
  await s.close();
});

describe('the browser SDK against the real server', () => {
  it('gets the values of the client-side flags, evaluated for its context', async () => {
    const free = open({ key: 'user-1', plan: 'free' }).client;
    const pro = open({ key: 'user-2', plan: 'pro' }).client;
    await Promise.all([free.waitForReady(10_000), pro.waitForReady(10_000)]);
    expect(Object.keys(free.allFlags()).sort()).toEqual(CLIENT_FLAGS);
    expect(free.stringVariationDetail('headline', '?')).toEqual({ value: 'Hello', variant: 'plain', reason: 'DEFAULT' });
    expect(pro.stringVariationDetail('headline', '?')).toEqual({ value: 'HELLO', variant: 'loud', reason: 'TARGETING_MATCH' });
    expect(free.boolVariation('banner', false)).toBe(true);
    expect(free.boolVariationDetail('server-secret', false)).toEqual({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(free.status()).toMatchObject({ state: 'ready', stale: false, source: 'server' });
  });

  it('updates live on a change, and a kill switch turns the flag off the same way', async () => {
    const { client } = open({ key: 'user-3', plan: 'pro' });
    await client.waitForReady(10_000);
    const changes: string[][] = [];
    client.onChange((keys, cause) => cause === 'update' && changes.push(keys));

    const t0 = Date.now();
    await s.post(`${prod('banner')}/toggle`, { enabled: false, baseVersion: await configVersion('banner') });
    await until(client, 'banner off', () => client.boolVariation('banner', true) === false);
    const toggleMs = Date.now() - t0;

    const kill = await s.post(`${prod('headline')}/kill`, { reason: 'bad copy' });
    expect(kill.status).toBe(200);
    await until(client, 'headline killed', () => client.stringVariationDetail('headline', '?').reason === 'DISABLED');
    expect(client.stringVariationDetail('headline', '?')).toEqual({ value: 'Hello', variant: 'plain', reason: 'DISABLED' });

    await s.post(`${prod('headline')}/restore`, { reason: 'fixed' });
    await until(client, 'headline restored', () => client.stringVariation('headline', '?') === 'HELLO');
    await s.post(`${prod('banner')}/toggle`, { enabled: true, baseVersion: await configVersion('banner') });
    await until(client, 'banner on', () => client.boolVariation('banner', false));
    expect(changes).toEqual([['banner'], ['headline'], ['headline'], ['banner']]);
    expect(toggleMs).toBeLessThan(5_000); // a sanity bound; the latency is measured in Chromium (test/e2e)
    // The server counts the browser's acks (coalesced to one a second): the kill "landed" here.
    let applied = 0;
    for (let i = 0; i < 50 && applied === 0; i++) {
      applied = (await s.get(`/api/v1/environments/production/delivery?version=${kill.body.version}`)).body.client.applied;
      if (applied === 0) await sleep(100);
    }
    expect(applied).toBeGreaterThanOrEqual(1);
  });

  it('sends a browser nothing for a change that serves its context what it has, and still counts it as landed', async () => {
    const a = open({ key: 'user-target-a', plan: 'free' });
    const b = open({ key: 'user-target-b', plan: 'free' });
    await Promise.all([a.client.waitForReady(10_000), b.client.waitForReady(10_000)]);
    const valuesFrames = (frames: string[]) => frames.map((f) => JSON.parse(f)).filter((m) => m.type === 'values');

    // Targets user-target-a only: a's value changes, b's does not.
    const target = await s.patch(prod('client-vip'), { baseVersion: await configVersion('client-vip'), targets: [{ variation: 1, values: ['user-target-a'] }] });
    expect(target.status).toBe(200);
    await until(a.client, 'a targeted', () => a.client.boolVariation('client-vip', false));
    expect(b.client.boolVariation('client-vip', true)).toBe(false);
    // A later change that concerns both: b's frames arrive in order, so by the time it has this one,
    // anything sent for the targeting change would have arrived before it.
    await s.post(`${prod('banner')}/toggle`, { enabled: false, baseVersion: await configVersion('banner') });
    await until(b.client, 'banner off for b', () => b.client.boolVariation('banner', true) === false);
    const bValues = valuesFrames(b.rec.frames);
    expect(bValues.map((m) => [m.full, Object.keys(m.values)])).toEqual([[true, CLIENT_FLAGS], [false, ['banner']]]);
    expect(valuesFrames(a.rec.frames).map((m) => Object.keys(m.values))).toEqual([CLIENT_FLAGS, ['client-vip'], ['banner']]);

    // Every live browser counts as having applied the targeting change once it has acked what it was sent.
    let delivery = { total: -1, applied: 0 };
    for (let i = 0; i < 60 && delivery.applied !== delivery.total; i++) {
      delivery = (await s.get(`/api/v1/environments/production/delivery?version=${target.body.version}`)).body.client;
      if (delivery.applied !== delivery.total) await sleep(100);
    }
    expect(delivery.total).toBeGreaterThanOrEqual(2);
    expect(delivery.applied).toBe(delivery.total);

    await s.post(`${prod('banner')}/toggle`, { enabled: true, baseVersion: await configVersion('banner') });
    await s.patch(prod('client-vip'), { baseVersion: await configVersion('client-vip'), targets: [] });
  });

  it('fires no change event for the first load when nothing was served before it, as the Node SDK; an update against bootstrap values', async () => {
    const { client } = open({ key: 'user-first' });
    const causes: string[] = [];
    client.onChange((_keys, cause) => causes.push(cause));
    await client.waitForReady(10_000);
    expect(client.stringVariation('headline', '?')).not.toBe('?');
    expect(causes).toEqual([]);

    const rec = recordingWebSocket();
    const booted = createBrowserClient({ clientKey, baseUrl: s.baseUrl, context: { key: 'user-boot' }, webSocket: rec.WebSocket, storage: null, logger: quiet, bootstrap: { headline: { value: 'stale', variant: 'old', reason: 'STATIC' } } });
    clients.push(booted);
    const changes: [string[], string][] = [];
    booted.onChange((keys, cause) => changes.push([keys, cause]));
    await booted.waitForReady(10_000);
    expect(changes.map(([, cause]) => cause)).toEqual(['update']);
    expect(changes[0]![0]).toContain('headline');
  });

  it('identify switches to the new context and resolves when its values arrive', async () => {
    const { client } = open({ key: 'user-4', plan: 'free' });
    await client.waitForReady(10_000);
    expect(client.boolVariation('client-vip', true)).toBe(false);
    const causes: string[] = [];
    client.onChange((_keys, cause) => causes.push(cause));
    await client.identify({ key: 'user-vip-1' }, 10_000);
    expect(client.boolVariationDetail('client-vip', false)).toEqual({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    await client.identify({ key: 'someone', plan: 'enterprise' }, 10_000);
    expect(client.boolVariation('client-vip', false)).toBe(true);
    await client.identify({ key: 'someone', plan: 'pro' }, 10_000);
    expect(client.boolVariation('client-vip', true)).toBe(false);
    expect(client.stringVariation('headline', '?')).toBe('HELLO');
    expect(causes).toEqual(['identify', 'identify']); // the enterprise identify changed nothing
  });

  it('never receives a rule, a segment, or a flag that is not client-side: recorded raw frames', async () => {
    const { client, rec } = open({ key: 'user-vip-1', plan: 'enterprise' });
    await client.waitForReady(10_000);
    // Changes to what browsers must never see, and to what they may, while recording.
    await s.patch(prod('server-secret'), { baseVersion: await configVersion('server-secret'), targets: [{ variation: 1, values: ['user-1', 'user-9'] }] });
    await s.patch('/api/v1/environments/production/segments/vip-segment', { baseVersion: (await s.get('/api/v1/environments/production/segments/vip-segment')).body.version, included: ['user-vip-1', 'user-vip-2'] });
    await s.post(`${prod('server-secret')}/kill`, { reason: 'drill' });
    await s.post(`${prod('banner')}/toggle`, { enabled: false, baseVersion: await configVersion('banner') });
    await until(client, 'banner off', () => client.boolVariation('banner', true) === false);
    await client.identify({ key: 'user-5' }, 10_000);

    // ready, at least one delta for the changes (the server batches changes that land within one
    // send window into one frame, so how many depends on timing), and the identify's values.
    expect(rec.frames.length).toBeGreaterThanOrEqual(3);
    expect(rec.frames.some((raw) => JSON.parse(raw).values?.banner?.value === false)).toBe(true);
    const types = new Set<string>();
    for (const raw of rec.frames) {
      const frame = JSON.parse(raw);
      types.add(frame.type);
      expect(['ready', 'values', 'ping', 'pong']).toContain(frame.type);
      expect(raw).not.toContain('server-secret');
      expect(raw).not.toContain('vip-segment');
      expect(raw).not.toContain('user-vip-2');
      expect(raw).not.toContain('enterprise');
      expect(raw).not.toMatch(/"(rules|segments|targets|clauses|fallthrough|variations|prerequisites|included|excluded|killed|clientSide|offVariation)"/);
      if (frame.type === 'values') {
        for (const key of [...Object.keys(frame.values), ...(frame.removed ?? [])]) expect(CLIENT_FLAGS).toContain(key);
        for (const served of Object.values(frame.values)) expect(Object.keys(served as object).every((k) => ['value', 'variant', 'reason', 'errorCode'].includes(k))).toBe(true);
      }
    }
    expect([...types].sort()).toEqual(['ready', 'values']);
    await s.post(`${prod('banner')}/toggle`, { enabled: true, baseVersion: await configVersion('banner') });
  });

  it('a revoked key stops the stream for good: failed, no reconnect, last values still served', async () => {
    const key = await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'to-revoke' });
    const { client, rec } = open({ key: 'user-6' }, { clientKey: key.body.secret });
    await client.waitForReady(10_000);
    const banner = client.boolVariationDetail('banner', false);
    expect(banner.reason).not.toBe('ERROR');
    const failed = until(client, 'failed', () => client.status().state === 'failed');
    await s.post(`/api/v1/keys/${key.body.key.id}/revoke`, { reason: 'leaked' });
    await failed;
    expect(client.status()).toMatchObject({ state: 'failed', stale: true, lastClose: { code: 4004, reason: 'key-revoked' } });
    await sleep(600); // backoff here is at most 200 ms: a retry would have happened
    expect(rec.opened()).toBe(1);
    expect(client.boolVariationDetail('banner', !banner.value)).toEqual(banner); // the last values, not the default
    await expect(client.waitForReady(100)).rejects.toThrow(/failed/);
    // A new client with the revoked key is refused at once and does not retry either.
    const again = open({ key: 'user-6' }, { clientKey: key.body.secret });
    await expect(again.client.waitForReady(10_000)).rejects.toThrow(/key-revoked/);
    await sleep(600);
    expect(again.rec.opened()).toBe(1);
  });
});
