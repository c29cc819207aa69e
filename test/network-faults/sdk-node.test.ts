/**
 * Network faults between the Node SDK and a real server process (issue 8, item 4): latency, a
 * blackhole, an abrupt cut and half-open connections in either direction, through a TCP fault proxy.
 * Under each fault the SDK never throws, serves last-known-good, reports stale, and once the fault
 * ends converges to the server's state, including a change made while it was cut off.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { ServerProcess } from '../support/server-process';
import { createFlag, normalized, quietLogger, serverRuleSet, toggle, updateConfig } from '../sdk-node/support/admin';
import { createClient, type StaleEvent, type SwitchyardClient } from '../sdk-node/support/sdk';
import { until, untilStatus, untilVersion } from '../sdk-node/support/wait';
import { Guard, moreAttempts, within } from './support';

// A 1 s heartbeat (the minimum): a silent peer is declared gone after 2 s.
const server = new ServerProcess({ STREAM_HEARTBEAT_MS: '1000' });
const FLAGS = ['faulty', 'steady', 'colour'];
const CONTEXTS = [{ key: 'user-1', plan: 'pro' }, { key: 'user-2', plan: 'free' }, { key: 'user-3' }];
let sdkKey: string;
const cleanup: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  await server.start();
  for (const key of FLAGS) await createFlag(server, key);
  await toggle(server, 'steady', true);
  sdkKey = (await server.sdkKey('server')).secret;
}, 60_000);
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => {
  await server.dispose();
});

interface Rig {
  proxy: FaultProxy;
  client: SwitchyardClient;
  guard: Guard;
  stale: StaleEvent[];
  statuses: string[];
}

/** A fresh proxy and a client through it, in sync. */
async function rig(): Promise<Rig> {
  const proxy = new FaultProxy(() => server.port);
  await proxy.start();
  cleanup.push(() => proxy.close());
  const guard = new Guard();
  const client = createClient({ sdkKey, baseUrl: proxy.baseUrl, logger: quietLogger, reconnect: { initialMs: 100, maxMs: 500 }, timeoutMs: 2_000 });
  cleanup.push(() => client.close());
  const stale: StaleEvent[] = [];
  const statuses: string[] = [];
  client.on('stale', (e) => stale.push(e));
  for (const event of ['ready', 'stale', 'error'] as const) client.on(event, () => statuses.push(`${event}:${client.status()}`));
  expect(await client.waitForReady(15_000)).toBe(true);
  statuses.length = 0; // from here on: what the fault caused
  return { proxy, client, guard, stale, statuses };
}

/** Every public read of the client, each guarded; returns each context's flags. */
function exercise({ client, guard }: Rig): Record<string, unknown>[] {
  const ctx = CONTEXTS[0]!;
  guard.call('boolVariation', () => client.boolVariation('faulty', ctx, false));
  guard.call('stringVariation', () => client.stringVariation('faulty', ctx, 'x'));
  guard.call('numberVariation', () => client.numberVariation('faulty', ctx, 1));
  guard.call('jsonVariation', () => client.jsonVariation('faulty', ctx, { a: 1 }));
  guard.call('variation', () => client.variation('missing-flag', ctx, null));
  guard.call('boolVariationDetail', () => client.boolVariationDetail('steady', ctx, false));
  guard.call('variationDetail', () => client.variationDetail('colour', ctx, null));
  guard.call('status', () => client.status());
  guard.call('lastError', () => client.lastError());
  guard.call('diagnostics', () => client.diagnostics());
  guard.call('ruleSet', () => client.ruleSet());
  guard.call('flushSummaries', () => client.flushSummaries());
  guard.call('waitForReady', () => client.waitForReady(1));
  return CONTEXTS.map((c) => guard.call('allFlags', () => client.allFlags(c)) ?? {});
}

/** Waits until the client holds the server's current rule set and is ready; checks evaluations. */
async function expectConverged(r: Rig): Promise<void> {
  const expected = await serverRuleSet(server, sdkKey);
  await untilVersion(r.client, expected.version, 30_000);
  expect(normalized(r.client.ruleSet()!)).toEqual(normalized(expected));
  expect(r.client.status()).toBe('ready');
}

/**
 * The common shape: inject a fault, see the client go stale while serving last-known-good, make
 * a change it cannot see, let it retry at least `retries` times in vain, heal, converge.
 */
async function staleThenConverge(inject: (proxy: FaultProxy) => void, reasons: string[], retries = 1): Promise<Rig> {
  const r = await rig();
  const before = exercise(r);
  const wasFaulty = r.client.boolVariation('faulty', CONTEXTS[0]!, false);
  const faultedAt = Date.now();
  inject(r.proxy);
  await untilStatus(r.client, 'stale', 15_000);
  const detectedMs = Date.now() - faultedAt;
  expect(reasons, `stale reason ${JSON.stringify(r.stale)}`).toContain(r.stale[0]?.reason);
  expect(exercise(r)).toEqual(before);
  expect(r.client.boolVariationDetail('steady', CONTEXTS[0]!, false).errorCode).toBeUndefined();

  // A change lands on the server while the client is cut off; it keeps trying in vain.
  const version = await toggle(server, 'faulty', !wasFaulty);
  await moreAttempts(r.proxy, retries);
  expect(r.client.status()).toBe('stale');
  expect(r.client.diagnostics().version).toBeLessThan(version);
  expect(exercise(r)).toEqual(before);

  r.proxy.heal();
  await untilVersion(r.client, version, 30_000);
  await expectConverged(r);
  expect(r.client.boolVariation('faulty', CONTEXTS[0]!, false)).toBe(!wasFaulty);
  expect(r.statuses.slice(0, 1)).toEqual(['stale:stale']);
  expect(r.statuses.at(-1)).toBe('ready:ready');
  exercise(r);
  expect(r.guard.thrown).toEqual([]);
  console.info(`[network-faults/node] detected after ${detectedMs} ms, stale reasons ${r.stale.map((s) => s.reason).join(',')}`);
  return r;
}

describe('Node SDK under network faults', () => {
  it('latency (150 ms per chunk both ways): stays ready, never stale, changes still land', { timeout: 30_000 }, async () => {
    const r = await rig();
    r.proxy.setLatency(150);
    const before = r.client.diagnostics().version;
    const started = Date.now();
    const version = await updateConfig(server, 'colour', { enabled: true });
    await untilVersion(r.client, version, 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(version).toBeGreaterThan(before);
    // A reconnect under latency works too: cut once (no refusal), the client comes back by itself.
    r.proxy.cut();
    await untilStatus(r.client, 'stale', 15_000);
    await untilStatus(r.client, 'ready', 20_000);
    const v2 = await updateConfig(server, 'colour', { enabled: false });
    await untilVersion(r.client, v2, 15_000);
    r.proxy.heal();
    await expectConverged(r);
    expect(r.stale.map((s) => s.reason)).toEqual(['abnormal']);
    exercise(r);
    expect(r.guard.thrown).toEqual([]);
  });

  it('drop (blackhole both ways, nothing closed): the heartbeat notices, stale, then converges', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.drop(), ['heartbeat-timeout']);
  });

  it('cut (both sides reset) with new connections refused: stale at once, then converges', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.cut({ refuse: true }), ['abnormal'], 2);
  });

  it('half-open, server → client silent (the server still hears the SDK): the SDK heartbeat notices', { timeout: 45_000 }, async () => {
    await staleThenConverge((p) => p.halfOpen('down'), ['heartbeat-timeout']);
  });

  it('half-open, client → server silent (the SDK still hears the server): the server heartbeat drops it', { timeout: 45_000 }, async () => {
    // The server's own heartbeat deadline closes the connection; the close reaches the SDK.
    await staleThenConverge((p) => p.halfOpen('up'), ['heartbeat-timeout', 'abnormal', 'going-away', 'policy-violation', 'normal']);
  });

  it('flapping: every connection cut as soon as it is in sync, 5 times, while changes flow: converges, each version applied once and in order', { timeout: 60_000 }, async () => {
    const r = await rig();
    const applied: number[] = [];
    r.client.on('applied', (e) => applied.push(e.version));
    const start = r.client.diagnostics().version;
    let cuts = 0;
    const off = r.client.on('ready', () => {
      if (++cuts <= 5) r.proxy.cut();
    });
    r.proxy.cut();
    let last = 0;
    for (let i = 0; i < 10; i++) {
      last = await toggle(server, 'faulty', i % 2 === 0);
      exercise(r);
    }
    await untilVersion(r.client, last, 30_000);
    await until(r.client, ['ready'], () => cuts >= 5, '5 cuts', 30_000);
    off();
    await expectConverged(r);
    expect(r.proxy.cuts).toBe(6); // the first, then one after each of 5 recoveries
    expect(applied).toEqual(Array.from({ length: applied.length }, (_, n) => start + 1 + n));
    expect(r.client.diagnostics()).toMatchObject({ snapshots: 1 });
    expect(r.guard.thrown).toEqual([]);
    console.info(`[network-faults/node] flapping: ${r.proxy.cuts} cuts, ${r.proxy.accepted} connections, ${r.stale.length} stale events`);
  });

  it('close() during a blackhole resolves promptly and never throws', { timeout: 30_000 }, async () => {
    const r = await rig();
    r.proxy.drop();
    await untilStatus(r.client, 'stale', 15_000);
    await within(r.guard.call('close', () => r.client.close()) ?? Promise.resolve(), 5_000, 'close()');
    expect(r.client.status()).toBe('closed');
    exercise(r);
    expect(r.guard.thrown).toEqual([]);
  });
});
