import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { quietLogger } from './support/admin';
import { createClient, type SwitchyardClient } from './support/sdk';

/**
 * Guarded release plans end to end (issue 23): a real server (injected clock, scheduler ticked by the
 * test), 20 Node SDK clients on real WebSockets tracking calls with `client.track`, summaries carrying
 * the signals. Bad signals roll the plan back on its own within one judging window and the kill lands
 * on 20 of 20; healthy ones walk every stage to 100 %; none hold it.
 */
const CLIENTS = 20;
const USERS_PER_CLIENT = 60;
const MIN = 60_000;
let s: TestServer;
let clock = Date.parse('2026-04-01T09:00:00.000Z');
let clients: SwitchyardClient[] = [];

const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
const gates = [{ name: 'Checkout errors', owner: 'team-checkout', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.05, windowMs: MIN, onFail: 'rollback' }];
const stages = [
  { name: 'Canary', percent: 10, minDwellMs: 2 * MIN, minSamplesPerArm: 30 },
  { name: 'Half', percent: 50, minDwellMs: 2 * MIN, minSamplesPerArm: 30 },
  { name: 'Everyone', percent: 100, minDwellMs: 2 * MIN, minSamplesPerArm: 30 },
];

async function until<T>(what: string, read: () => Promise<T> | T, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const plan = async (id: string) => (await s.get(`/api/v1/releases/${id}`)).body;
const delivery = async (version: number) => (await s.get(`/api/v1/environments/production/delivery?version=${version}`)).body as { applied: number; total: number };
const landedEverywhere = (version: number) => until(`version ${version} on every client`, () => delivery(version), (d) => d.total === CLIENTS && d.applied === CLIENTS);

async function tick(ms: number): Promise<void> {
  clock += ms;
  await s.app.releaseScheduler.tickAll();
}

/** Every client tracks one call per user; a call under the new variation fails when `failNew`. Returns calls per arm. */
async function trackCalls(flag: string, id: string, failNew: boolean): Promise<void> {
  const before = (await plan(id)).judgements[0];
  const seen = (before?.treatment.samples ?? 0) + (before?.control.samples ?? 0);
  clients.forEach((client, c) => {
    for (let u = 0; u < USERS_PER_CLIENT; u++) {
      const context = { key: `c${c}-user-${u}` };
      const exposed = client.boolVariation(flag, context, false);
      client.track(flag, context, { error: failNew && exposed && u % 2 === 0, latencyMs: 20 });
    }
    expect(client.flushSummaries()).toBe(true);
  });
  await until('the signals to be recorded', async () => (await plan(id)).judgements[0], (j) => j.treatment.samples + j.control.samples >= seen + CLIENTS * USERS_PER_CLIENT);
}

async function newFlag(key: string): Promise<void> {
  expect((await s.post('/api/v1/flags', { key, type: 'release', owner: 'team-checkout' })).status).toBe(201);
  expect((await s.post(`${prod(key)}/toggle`, { enabled: true, baseVersion: (await s.get(prod(key))).body.version })).status).toBe(200);
}

beforeAll(async () => {
  s = await startTestServer({ now: () => new Date(clock), listen: true, app: { releases: { timer: false, tickMs: 1_000 } } });
  const sdkKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'checkout-fleet' })).body.secret;
  clients = Array.from({ length: CLIENTS }, () => createClient({ sdkKey, baseUrl: s.baseUrl, logger: quietLogger, summaries: { flushIntervalMs: 3_600_000 } }));
  expect(await Promise.all(clients.map((c) => c.waitForReady(15_000)))).toEqual(clients.map(() => true));
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await s?.close();
});

describe('release plans with 20 Node SDK clients', () => {
  it('rolls back on its own within one judging window when the new variation errs; the kill lands on 20 of 20; the audit says why', async () => {
    await newFlag('pay-v2');
    const created = (await s.post(`${prod('pay-v2')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body;
    await landedEverywhere(created.state.stageVersion);
    await tick(1_000);
    const landed = (await plan(created.id)).state;
    expect(landed.phase).toBe('soaking');
    await tick(10_000);
    await trackCalls('pay-v2', created.id, true);
    await tick(10_000);
    const after = await plan(created.id);
    expect(after.state.status).toBe('rolled-back');
    expect(clock - Date.parse(landed.landedAt)).toBeLessThanOrEqual(gates[0]!.windowMs);

    const config = (await s.get(prod('pay-v2'))).body;
    expect(config.killed.by).toBe(`system:release/${created.id}`);
    expect(await landedEverywhere(config.version)).toEqual(expect.objectContaining({ applied: CLIENTS, total: CLIENTS }));
    for (const client of clients) for (let u = 0; u < USERS_PER_CLIENT; u++) expect(client.boolVariation('pay-v2', { key: `c0-user-${u}` }, true)).toBe(false);

    const [rollback] = (await s.get('/api/v1/flags/pay-v2/audit?action=release.rollback')).body.items;
    expect(rollback.actor).toBe(`system:release/${created.id}`);
    expect(rollback.reason).toMatch(/^Checkout errors: error-rate increase 0\.\d+ .*> threshold 0\.05$/);
    expect(rollback.after.judgements[0]).toMatchObject({ verdict: 'fail', control: { value: 0 } });
    expect(rollback.after.judgements[0].treatment.value).toBeGreaterThan(0.3);
    const [kill] = (await s.get('/api/v1/flags/pay-v2/audit?action=flag.kill')).body.items;
    expect(kill.actor).toBe(`system:release/${created.id}`);
  }, 60_000);

  it('walks every stage to 100 % on healthy signals, each stage timed from its landing on all 20', async () => {
    await newFlag('search-v2');
    const created = (await s.post(`${prod('search-v2')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body;
    for (let stage = 0; stage < stages.length; stage++) {
      const current = (await plan(created.id)).state;
      expect(current).toMatchObject({ status: 'running', stage, phase: 'delivering' });
      await landedEverywhere(current.stageVersion);
      await tick(1_000);
      expect((await plan(created.id)).state.phase).toBe('soaking');
      await tick(10_000);
      await trackCalls('search-v2', created.id, false);
      await tick(2 * MIN); // the dwell is over: judging
      expect((await plan(created.id)).state.phase).toBe('judging');
      await trackCalls('search-v2', created.id, false);
      await tick(1_000);
    }
    expect((await plan(created.id)).state.status).toBe('completed');
    for (const client of clients) for (let u = 0; u < USERS_PER_CLIENT; u++) expect(client.boolVariation('search-v2', { key: `c1-user-${u}` }, false)).toBe(true);
  }, 60_000);

  it('holds without signals: inconclusive, never advanced on silence', async () => {
    await newFlag('quiet-v2');
    const created = (await s.post(`${prod('quiet-v2')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body;
    await landedEverywhere(created.state.stageVersion);
    await tick(1_000);
    for (let i = 0; i < 10; i++) await tick(MIN);
    const held = await plan(created.id);
    expect(held.state).toMatchObject({ status: 'running', stage: 0, phase: 'judging' });
    expect(held.judgements[0]).toMatchObject({ verdict: 'inconclusive', treatment: { samples: 0 } });
  }, 60_000);
});
