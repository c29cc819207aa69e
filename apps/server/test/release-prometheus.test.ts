import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingOf } from '../src/features/releases/prometheus-reader';
import { startRealPrometheus, type RealPrometheus } from '../../../test/support/real-prometheus';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Release gates on a PromQL query (issue 23, point 4), against a real Prometheus scraping a test
 * service: the plan advances on a healthy value, rolls back or holds on a bad one (per the gate's
 * action), and holds when the query has nothing to say. The scheduler runs on an injected clock; the
 * Prometheus figures are real.
 */
let prom: RealPrometheus;
let s: TestServer;
let clock = Date.parse('2026-04-01T10:00:00.000Z');
const now = () => new Date(clock);
const MIN = 60_000;
const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;

const stages = [
  { name: 'Canary', percent: 10, minDwellMs: 2 * MIN, minSamplesPerArm: 1 },
  { name: 'Everyone', percent: 100, minDwellMs: 2 * MIN, minSamplesPerArm: 1 },
];
const gate = (metric: string, onFail: 'rollback' | 'hold') => ({
  name: 'Checkout errors',
  owner: 'team-checkout',
  signal: 'prometheus',
  query: `max(${metric})`,
  comparison: 'value-at-most',
  threshold: 0.05,
  windowMs: MIN,
  onFail,
});

async function newFlag(key: string): Promise<void> {
  expect((await s.post('/api/v1/flags', flagBody(key))).status).toBe(201);
  const version = (await s.get(prod(key))).body.version;
  expect((await s.post(`${prod(key)}/toggle`, { enabled: true, baseVersion: version })).status).toBe(200);
}
async function tick(minutes: number): Promise<void> {
  clock += minutes * MIN;
  await s.app.releaseScheduler.tickAll();
}
const plan = async (id: string) => (await s.get(`/api/v1/releases/${id}`)).body;

beforeAll(async () => {
  prom = await startRealPrometheus();
  s = await startTestServer({ now, app: { releases: { timer: false, tickMs: 1_000 } }, prometheus: { url: prom.url, timeoutMs: 3_000 } });
}, 60_000);
afterAll(async () => {
  await s?.close();
  await prom?.close();
});

describe('prometheus release gates', () => {
  it('refuses a prometheus gate without a query, with another comparison, or a query on an SDK signal, naming the field', async () => {
    await newFlag('prom-bad');
    const { query: _q, ...noQuery } = gate('x', 'hold');
    const r1 = await s.post(`${prod('prom-bad')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [noQuery] });
    expect(r1.status).toBe(400);
    expect(r1.body.details).toContainEqual({ path: 'body.gates[0].query', message: expect.stringContaining('is required for a prometheus gate') });
    const r2 = await s.post(`${prod('prom-bad')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [{ ...gate('x', 'hold'), comparison: 'increase-at-most' }] });
    expect(r2.body.details).toContainEqual({ path: 'body.gates[0].comparison', message: expect.stringContaining('value-at-most') });
    const r3 = await s.post(`${prod('prom-bad')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [{ ...gate('x', 'hold'), signal: 'error-rate' }] });
    expect(r3.body.details).toContainEqual({ path: 'body.gates[0].query', message: expect.stringContaining('only for prometheus gates') });
  });

  it('advances on a healthy value, then rolls back through the kill path when the value crosses the threshold', async () => {
    prom.set('checkout_error_ratio', 0.01);
    await prom.waitFor('max(checkout_error_ratio)', 0.01);
    await newFlag('prom-rollback');
    const id = (await s.post(`${prod('prom-rollback')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [gate('checkout_error_ratio', 'rollback')] })).body.id as string;
    await tick(0.5); // landed (no SDK connected)
    await tick(1); // soaking: the value passes but the dwell is not over
    expect((await plan(id)).state).toMatchObject({ status: 'running', stage: 0, phase: 'soaking' });
    const soaking = await plan(id);
    expect(soaking.judgements[0]).toMatchObject({ gate: 'Checkout errors', signal: 'prometheus', verdict: 'pass', value: 0.01 });
    await tick(1.5); // dwell over: judging
    expect((await plan(id)).state).toMatchObject({ status: 'running', stage: 0, phase: 'judging' });
    await tick(0.5);
    expect((await plan(id)).state).toMatchObject({ status: 'running', stage: 1 });
    const [advanced] = (await s.get('/api/v1/flags/prom-rollback/audit?action=release.advance')).body.items;
    expect(advanced.after.judgements[0]).toMatchObject({ verdict: 'pass', value: 0.01, why: expect.stringContaining('query value 0.01') });

    prom.set('checkout_error_ratio', 0.2);
    await prom.waitFor('max(checkout_error_ratio)', 0.2);
    await tick(0.5); // landed
    await tick(0.5); // a failure acts at once, within the dwell
    expect((await plan(id)).state.status).toBe('rolled-back');
    expect((await s.get(prod('prom-rollback'))).body.killed).toMatchObject({ by: `system:release/${id}` });
    const [rollback] = (await s.get('/api/v1/flags/prom-rollback/audit?action=release.rollback')).body.items;
    expect(rollback.actor).toBe(`system:release/${id}`);
    expect(rollback.after.judgements[0]).toMatchObject({ verdict: 'fail', value: 0.2, threshold: 0.05 });
    expect(rollback.reason).toContain('query value 0.2 > threshold 0.05');
  });

  it('holds on a bad value when the gate says hold, and on a query with no series (never advances on silence)', async () => {
    prom.set('search_error_ratio', 0.3);
    await prom.waitFor('max(search_error_ratio)', 0.3);
    await newFlag('prom-hold');
    const held = (await s.post(`${prod('prom-hold')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [gate('search_error_ratio', 'hold')] })).body.id as string;
    await newFlag('prom-silent');
    const silent = (await s.post(`${prod('prom-silent')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [gate('metric_nobody_exports', 'rollback')] })).body.id as string;
    await tick(0.5);
    await tick(3);
    const heldView = await plan(held);
    expect(heldView.state).toMatchObject({ status: 'held', heldBecause: 'gate-failed', stage: 0 });
    expect((await s.get(prod('prom-hold'))).body.killed).toBeNull();
    for (let i = 0; i < 4; i++) await tick(3);
    const silentView = await plan(silent);
    expect(silentView.state).toMatchObject({ status: 'running', phase: 'judging', stage: 0 });
    expect(silentView.judgements[0]).toMatchObject({ verdict: 'inconclusive', value: null, why: expect.stringContaining('no series') });
  });

  it('an unreachable Prometheus holds the plan: inconclusive, never a pass', async () => {
    const down = await startTestServer({ now, app: { releases: { timer: false, tickMs: 1_000 } }, prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1_000 } });
    try {
      expect((await down.post('/api/v1/flags', flagBody('prom-down'))).status).toBe(201);
      const version = (await down.get(prod('prom-down'))).body.version;
      await down.post(`${prod('prom-down')}/toggle`, { enabled: true, baseVersion: version });
      const id = (await down.post(`${prod('prom-down')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [gate('checkout_error_ratio', 'rollback')] })).body.id as string;
      for (const minutes of [0.5, 3, 3]) {
        clock += minutes * MIN;
        await down.app.releaseScheduler.tickAll();
      }
      const view = (await down.get(`/api/v1/releases/${id}`)).body;
      expect(view.state).toMatchObject({ status: 'running', stage: 0, phase: 'judging' });
      expect(view.judgements[0]).toMatchObject({ verdict: 'inconclusive', why: expect.stringContaining('could not be read') });
    } finally {
      await down.close();
    }
  });

  it('a server without PROMETHEUS_URL refuses prometheus gates, naming the field', async () => {
    const plain = await startTestServer({ now });
    try {
      expect((await plain.post('/api/v1/flags', flagBody('prom-none'))).status).toBe(201);
      const refused = await plain.post(`${prod('prom-none')}/releases`, { fromVariation: 0, toVariation: 1, stages, gates: [gate('x', 'hold')] });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([{ path: 'body.gates[0].signal', message: expect.stringContaining('PROMETHEUS_URL') }]);
    } finally {
      await plain.close();
    }
  });
});

describe('readingOf (Prometheus answers)', () => {
  it('takes one number from a scalar or a one-series vector, and explains everything else', () => {
    expect(readingOf({ status: 'success', data: { resultType: 'scalar', result: [1, '0.5'] } })).toEqual({ value: 0.5, why: 'read' });
    expect(readingOf({ status: 'success', data: { resultType: 'vector', result: [{ value: [1, '2'] }] } }).value).toBe(2);
    expect(readingOf({ status: 'success', data: { resultType: 'vector', result: [{ value: [1, '2'] }, { value: [1, '3'] }] } }).why).toContain('2 series');
    expect(readingOf({ status: 'success', data: { resultType: 'vector', result: [{ value: [1, 'NaN'] }] } }).value).toBeNull();
    expect(readingOf({ status: 'success', data: { resultType: 'matrix', result: [] } }).why).toContain('matrix');
    expect(readingOf({ status: 'error', error: 'parse error' }).why).toContain('parse error');
  });
});
