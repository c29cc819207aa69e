import { LATENCY_BUCKET_COUNT, latencyBucket } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
let serverKey: string;
const url = '/api/v1/flags/orders-ref/environments/production/migration';
const move = (to: string, extra: Record<string, unknown> = {}, token?: string) => s.post(`${url}/transition`, { to, reason: `to ${to}`, ...extra }, token);
const batch = (cursorStart: string, cursorEnd: string, status = 'succeeded', attemptCount = 1) => ({
  jobName: 'backfill-external-ref',
  codeVersion: 'abc123',
  cursorStart,
  cursorEnd,
  status,
  attemptCount,
  rowsScanned: 100,
  rowsChanged: 90,
});
const measure = (compared: number, consistent: number, newErrors = 0) => {
  const latency = new Array(LATENCY_BUCKET_COUNT).fill(0);
  latency[latencyBucket(2)] = compared;
  return s.request('POST', '/sdk/v1/migration-measurements', {
    token: serverKey,
    body: { measurements: [{ flag: 'orders-ref', stage: 'shadow', startedAt: Date.now() - 1000, endedAt: Date.now(), old: { invocations: compared, errors: 0, latency }, new: { invocations: compared, errors: newErrors, latency }, compared, consistent }] },
  });
};

beforeAll(async () => {
  s = await startTestServer();
  const created = await s.post('/api/v1/flags', {
    key: 'orders-ref',
    type: 'migration',
    owner: 'team-orders',
    migration: { gates: { minComparedReads: 100, minConsistencyRate: 0.99, maxErrorRate: 0.01, minShadowDwellMs: 0 }, checkRatio: 0.5 },
  });
  expect(created.status).toBe(201);
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'orders-svc' })).body.secret;
});
afterAll(() => s.close());

describe('migration flags', () => {
  it('are created with the stages as variations, serving off, with their settings audited', async () => {
    const flag = (await s.get('/api/v1/flags/orders-ref')).body;
    expect(flag.variations.map((v: any) => v.name)).toEqual(['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete']);
    expect(flag.variations[2].value).toEqual({ stage: 'shadow', checkRatio: 0.5 });
    expect(flag.environments.production).toMatchObject({ enabled: true, fallthrough: { variation: 0 } });
    const view = (await s.get(url)).body;
    expect(view).toMatchObject({ stage: 'off', checkRatio: 0.5, plan: { returned: 'old', writes: ['old'] } });
    expect(view.state.newStore.fresh).toBe(false);
    const create = (await s.get('/api/v1/flags/orders-ref/audit?action=flag.create')).body.items[0];
    expect(create.after.migration).toMatchObject({ backfillRequired: true, checkRatio: 0.5 });
  });

  it('refuses editing and toggling them: only transitions (and kills, migration-kill.test.ts) move them', async () => {
    const cfg = '/api/v1/flags/orders-ref/environments/production';
    for (const res of [
      await s.post(`${cfg}/toggle`, { enabled: false, baseVersion: (await s.get(cfg)).body.version }),
      await s.patch(cfg, { baseVersion: (await s.get(cfg)).body.version, fallthrough: { variation: 3 } }),
      await s.patch('/api/v1/flags/orders-ref', { baseVersion: 1, offVariation: 2 }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MIGRATION_MANAGED');
    }
  });

  it('refuses a skipped stage, audits the refusal, and moves one stage at a time', async () => {
    const skip = await move('shadow');
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('MIGRATION_REFUSED');
    expect(skip.body.details.reasons.map((r: any) => r.rule)).toContain('skip');
    const refused = (await s.get('/api/v1/flags/orders-ref/audit?action=migration.refused')).body.items;
    expect(refused).toHaveLength(1);
    expect(refused[0].after).toMatchObject({ from: 'off', to: 'shadow' });

    const ok = await move('dualwrite');
    expect(ok.status).toBe(200);
    expect(ok.body.state.stage).toBe('dualwrite');
    const rules = await s.request('GET', '/sdk/v1/flags', { token: serverKey });
    expect(rules.body.flags.find((f: any) => f.key === 'orders-ref').fallthrough).toEqual({ variation: 1 });
  });

  it('keeps reads off the new store until a backfill over the full range is attested', async () => {
    const early = await move('shadow');
    expect(early.status).toBe(409);
    expect(early.body.details.reasons.map((r: any) => r.rule)).toContain('stale-compare-store');

    expect((await s.post(`${url}/backfills`, batch('0', '100'))).status).toBe(200);
    expect((await s.post(`${url}/backfills`, batch('100', '200', 'failed'))).status).toBe(200);
    const same = await s.post(`${url}/backfills`, batch('100', '200', 'failed'));
    expect(same.body.code).toBe('NO_CHANGE');
    const attest = { direction: 'forward', jobName: 'backfill-external-ref', range: { start: '0', end: '200' }, reason: 'backfill done' };
    const incomplete = await s.post(`${url}/attest`, attest);
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.code).toBe('BACKFILL_INCOMPLETE');
    expect((await s.post(`${url}/backfills`, batch('100', '200', 'succeeded', 2))).status).toBe(200);
    const attested = await s.post(`${url}/attest`, attest);
    expect(attested.status).toBe(200);
    expect(attested.body.state.newStore.fresh).toBe(true);
    expect((await move('shadow')).status).toBe(200);
  });

  it('audits an attestation the stage machine refuses (store-not-written), and changes nothing else', async () => {
    // The harness checks the refusal wrote exactly one audit entry and nothing else.
    await s.post('/api/v1/flags', { key: 'attest-early', type: 'migration', owner: 'team-orders' });
    const early = '/api/v1/flags/attest-early/environments/production/migration';
    expect((await s.post(`${early}/backfills`, batch('0', '100'))).status).toBe(200);
    const before = (await s.get(early)).body.state;
    const refused = await s.post(`${early}/attest`, { direction: 'forward', jobName: 'backfill-external-ref', range: { start: '0', end: '100' }, reason: 'too early' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'MIGRATION_REFUSED', details: { reasons: [{ rule: 'store-not-written', store: 'new' }] } });
    const entry = (await s.get('/api/v1/flags/attest-early/audit?action=migration.attest.refused')).body.items[0];
    expect(entry).toMatchObject({ envKey: 'production', targetKey: 'backfill-external-ref', reason: 'too early', after: { direction: 'forward', reasons: [{ rule: 'store-not-written' }] } });
    expect((await s.get(early)).body.state).toEqual(before);
  });

  it('gates shadow → live on measured consistency, with the figure and threshold in the refusal and the audit log', async () => {
    const none = await move('live');
    expect(none.status).toBe(409);
    const readsGate = none.body.details.reasons.find((r: any) => r.gate === 'comparedReads');
    expect(readsGate).toMatchObject({ rule: 'gate', measured: 0, threshold: 100 });

    expect((await measure(200, 180)).body).toEqual({ accepted: 1, skipped: 0 });
    const inconsistent = await move('live');
    expect(inconsistent.status).toBe(409);
    const consistency = inconsistent.body.details.reasons.find((r: any) => r.gate === 'consistency');
    expect(consistency).toMatchObject({ measured: 0.9, threshold: 0.99 });
    expect(inconsistent.body.details.figures).toMatchObject({ comparedReads: 200, consistentReads: 180 });
    const audited = (await s.get('/api/v1/flags/orders-ref/audit?action=migration.refused&limit=1')).body.items[0];
    expect(audited.after.reasons.find((r: any) => r.gate === 'consistency').measured).toBe(0.9);
    expect(audited.after.figures.comparedReads).toBe(200);

    const view = (await s.get(url)).body;
    expect(view.figures.latency.new).toEqual({ p50: 2.5, p99: 2.5 });
    expect(view.moves.find((m: any) => m.to === 'live').allowed).toBe(false);
  });

  it('lets only an admin force a refused move, audited as forced', async () => {
    const byEditor = await move('live', { force: true }, s.tokens.editor);
    expect(byEditor.status).toBe(403);
    const forced = await move('live', { force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.forced).toBe(true);
    const entry = (await s.get('/api/v1/flags/orders-ref/audit?action=migration.forced')).body.items[0];
    expect(entry.after.overridden.map((r: any) => r.gate)).toContain('consistency');
  });

  it('answers 4xx for migration calls on other flags and for bad measurements', async () => {
    await s.post('/api/v1/flags', { key: 'plain', type: 'release', owner: 'x' });
    const res = await s.get('/api/v1/flags/plain/environments/production/migration');
    expect(res.body.code).toBe('NOT_A_MIGRATION_FLAG');
    const bad = await s.request('POST', '/sdk/v1/migration-measurements', { token: serverKey, body: { measurements: [{ flag: 'orders-ref' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toMatch(/^body\.measurements\[0\]/);
    const noKey = await s.request('POST', '/sdk/v1/migration-measurements', { token: null, body: { measurements: [] } });
    expect(noKey.status).toBe(401);
    const wrongStage = await move('sideways');
    expect(wrongStage.body.details[0].path).toBe('body.to');
  });
});
