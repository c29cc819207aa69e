/**
 * Network faults between the browser SDK (through `ws`) and a real server process (issue 8, item 4):
 * latency, a blackhole, an abrupt cut and half-open connections in either direction, through a TCP
 * fault proxy. Under each fault the SDK never throws, serves last-known-good values, reports stale,
 * and once the fault ends converges to what the server evaluates, including a change made meanwhile.
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { ServerProcess } from '../support/server-process';
import { createBrowserClient, quiet, until, type BrowserClient, type EvaluationContext } from '../sdk-browser/support';
import type { ClientStatus } from '../../packages/sdk-browser/src/index';
import { Guard, moreAttempts } from './support';

const server = new ServerProcess({ STREAM_HEARTBEAT_MS: '1000' });
const FLAGS = ['faulty', 'steady', 'colour'];
const CONTEXT: EvaluationContext = { key: 'user-1', plan: 'pro' };
let clientKey: string;
const cleanup: (() => Promise<unknown> | unknown)[] = [];
const config = (flag: string) => `/api/v1/flags/${flag}/environments/production`;

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const res = await server.api(method, path, body);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
async function toggle(flag: string, enabled: boolean): Promise<number> {
  const { version } = await ok('GET', config(flag));
  return (await ok('POST', `${config(flag)}/toggle`, { enabled, baseVersion: version })).version;
}

beforeAll(async () => {
  await server.start();
  for (const key of FLAGS) await ok('POST', '/api/v1/flags', { key, type: 'release', owner: 'team-web', clientSide: true });
  await toggle('steady', true);
  clientKey = (await server.sdkKey('client')).secret;
}, 60_000);
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => {
  await server.dispose();
});

function newClient(baseUrl: string, context: EvaluationContext = CONTEXT): BrowserClient {
  const client = createBrowserClient({ clientKey, baseUrl, context, webSocket: WebSocket as never, storage: null, logger: quiet, backoff: { initialMs: 100, maxMs: 500 }, connectTimeoutMs: 2_000 });
  cleanup.push(() => client.close());
  return client;
}

/** What the server evaluates for `context` now: a fresh client straight to the server, in sync. */
async function serverValues(context: EvaluationContext = CONTEXT): Promise<Record<string, unknown>> {
  const reference = newClient(server.baseUrl, context);
  await reference.waitForReady(15_000);
  const values = reference.allFlags();
  reference.close();
  return values;
}

interface Rig {
  proxy: FaultProxy;
  client: BrowserClient;
  guard: Guard;
  states: ClientStatus[];
}

async function rig(): Promise<Rig> {
  const proxy = new FaultProxy(() => server.port);
  await proxy.start();
  cleanup.push(() => proxy.close());
  const client = newClient(proxy.baseUrl);
  await client.waitForReady(15_000);
  const states: ClientStatus[] = [];
  client.onStatusChange((s) => states.push(s));
  return { proxy, client, guard: new Guard(), states };
}

/** Every public read of the client, each guarded; returns all values. */
function exercise({ client, guard }: Rig): Record<string, unknown> {
  guard.call('boolVariation', () => client.boolVariation('faulty', false));
  guard.call('stringVariation', () => client.stringVariation('faulty', 'x'));
  guard.call('numberVariation', () => client.numberVariation('faulty', 1));
  guard.call('jsonVariation', () => client.jsonVariation('faulty', { a: 1 }));
  guard.call('boolVariationDetail', () => client.boolVariationDetail('steady', false));
  guard.call('stringVariationDetail', () => client.stringVariationDetail('missing', 'd'));
  guard.call('status', () => client.status());
  return guard.call('allFlags', () => client.allFlags()) ?? {};
}

async function expectConverged(r: Rig, context: EvaluationContext = CONTEXT): Promise<void> {
  const expected = await serverValues(context);
  await until(r.client, 'values equal to the server', () => r.client.status().state === 'ready' && JSON.stringify(r.client.allFlags()) === JSON.stringify(expected), 30_000);
  expect(r.client.allFlags()).toEqual(expected);
  expect(r.client.status()).toMatchObject({ state: 'ready', stale: false, source: 'server' });
}

async function staleThenConverge(inject: (proxy: FaultProxy) => void, retries = 1, identifyMeanwhile = false): Promise<Rig> {
  const r = await rig();
  const before = exercise(r);
  const wasFaulty = r.client.boolVariation('faulty', false);
  const faultedAt = Date.now();
  inject(r.proxy);
  const stale = await until(r.client, 'stale', () => r.client.status().state === 'stale' && r.client.status(), 15_000);
  const detectedMs = Date.now() - faultedAt;
  expect(stale).toMatchObject({ state: 'stale', stale: true, source: 'server' });
  expect(exercise(r)).toEqual(before);
  expect(r.client.boolVariationDetail('steady', false)).toMatchObject({ value: true, reason: expect.not.stringMatching(/ERROR/) });

  const version = await toggle('faulty', !wasFaulty);
  const identified = identifyMeanwhile ? r.guard.call('identify', () => r.client.identify({ key: 'user-9', plan: 'free' })) : undefined;
  await moreAttempts(r.proxy, retries);
  expect(r.client.status().state).toBe('stale');
  expect(r.client.boolVariation('faulty', !wasFaulty)).toBe(wasFaulty);
  exercise(r);

  r.proxy.heal();
  if (identified) await identified;
  await expectConverged(r, identifyMeanwhile ? { key: 'user-9', plan: 'free' } : CONTEXT);
  expect(r.client.boolVariation('faulty', wasFaulty)).toBe(!wasFaulty);
  expect(r.client.status().version).toBeGreaterThanOrEqual(version);
  expect(r.states[0]?.state).toBe('stale');
  expect(r.states.at(-1)?.state).toBe('ready');
  exercise(r);
  expect(r.guard.thrown).toEqual([]);
  console.info(`[network-faults/browser] detected after ${detectedMs} ms, lastClose ${JSON.stringify(stale.lastClose)}`);
  return r;
}

describe('browser SDK under network faults', () => {
  it('latency (150 ms per chunk both ways): stays ready, never stale, changes still land', { timeout: 30_000 }, async () => {
    const r = await rig();
    r.proxy.setLatency(150);
    const was = r.client.boolVariation('colour', false);
    const started = Date.now();
    await toggle('colour', !was);
    await until(r.client, 'the change', () => r.client.boolVariation('colour', was) === !was, 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(r.states).toEqual([]);
    // A reconnect under latency works too.
    r.proxy.cut();
    await until(r.client, 'stale', () => r.client.status().state === 'stale', 15_000);
    await until(r.client, 'ready again', () => r.client.status().state === 'ready', 20_000);
    await toggle('colour', was);
    await until(r.client, 'the change back', () => r.client.boolVariation('colour', !was) === was, 15_000);
    r.proxy.heal();
    await expectConverged(r);
    exercise(r);
    expect(r.guard.thrown).toEqual([]);
  });

  it('drop (blackhole both ways, nothing closed): the heartbeat notices, stale, then converges', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.drop());
  });

  it('cut (both sides reset) with new connections refused, identify meanwhile: stale at once, then converges', { timeout: 45_000 }, async () => {
    const r = await staleThenConverge((p) => p.cut({ refuse: true }), 2, true);
    expect(r.states[0]?.lastClose?.code).toBe(1006);
  });

  it('half-open, server → client silent: the SDK heartbeat notices', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.halfOpen('down'));
  });

  it('half-open, client → server silent: the server heartbeat drops it', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.halfOpen('up'));
  });

  it('flapping: every connection cut as soon as it is in sync, 5 times, while changes flow: converges', { timeout: 60_000 }, async () => {
    const r = await rig();
    let cuts = 0;
    const off = r.client.onStatusChange((s) => {
      if (s.state === 'ready' && ++cuts <= 5) r.proxy.cut();
    });
    r.proxy.cut();
    for (let i = 0; i < 10; i++) {
      await toggle('faulty', i % 2 === 0);
      exercise(r);
    }
    await until(r.client, '5 cuts', () => cuts >= 5, 30_000);
    off();
    await expectConverged(r);
    expect(r.proxy.cuts).toBe(6); // the first, then one after each of 5 recoveries
    expect(r.guard.thrown).toEqual([]);
    console.info(`[network-faults/browser] flapping: ${r.proxy.cuts} cuts, ${r.proxy.accepted} connections`);
  });

  it('close() during a blackhole never throws', { timeout: 30_000 }, async () => {
    const r = await rig();
    r.proxy.drop();
    await until(r.client, 'stale', () => r.client.status().state === 'stale', 15_000);
    r.guard.call('close', () => r.client.close());
    expect(r.client.status().state).toBe('closed');
    exercise(r);
    expect(r.guard.thrown).toEqual([]);
  });
});
