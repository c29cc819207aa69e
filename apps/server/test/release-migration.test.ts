import { LATENCY_BUCKET_COUNT, latencyBucket } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Release plans driving a migration flag's stages (issue 23, point 5): each plan stage is one move
 * of the migration's own machine, so the migration's gates still decide (a plan never forces); a
 * refused move holds the plan with the migration's reasons; a failed plan gate rolls back through
 * the kill path, which returns the migration to its safe stage.
 */
let s: TestServer;
let serverKey: string;
let clock = Date.parse('2026-05-01T10:00:00.000Z');
const now = () => new Date(clock);
const MIN = 60_000;
const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
const errors = [{ name: 'Errors', owner: 'team-orders', signal: 'error-rate', comparison: 'value-at-most', threshold: 0.05, windowMs: MIN, onFail: 'rollback' }];
const stage = (migrationStage: string) => ({ name: `To ${migrationStage}`, percent: 100, migrationStage, minDwellMs: 2 * MIN, minSamplesPerArm: 10 });

async function migrationFlag(key: string): Promise<void> {
  const created = await s.post('/api/v1/flags', {
    key,
    type: 'migration',
    owner: 'team-orders',
    migration: { backfillRequired: false, gates: { minComparedReads: 100, minConsistencyRate: 0.99, maxErrorRate: 0.01, minShadowDwellMs: 0 } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}
async function tick(minutes: number): Promise<void> {
  clock += minutes * MIN;
  await s.app.releaseScheduler.tickAll();
}
const plan = async (id: string) => (await s.get(`/api/v1/releases/${id}`)).body;
const migrationStage = async (flag: string) => (await s.get(`${prod(flag)}/migration`)).body.state.stage as string;
const track = (flag: string, variant: string, count: number, failed: number) => s.services.releases.recordSignals('production', [{ flag, variant, count, errors: failed, latencySumMs: 0, timed: 0 }]);
const compare = (flag: string, compared: number, consistent: number) => {
  const latency = new Array(LATENCY_BUCKET_COUNT).fill(0);
  latency[latencyBucket(2)] = compared;
  return s.request('POST', '/sdk/v1/migration-measurements', {
    token: serverKey,
    body: { measurements: [{ flag, stage: 'shadow', startedAt: clock - 1000, endedAt: clock, old: { invocations: compared, errors: 0, latency }, new: { invocations: compared, errors: 0, latency }, compared, consistent }] },
  });
};

beforeAll(async () => {
  s = await startTestServer({ now, app: { releases: { timer: false, tickMs: 1_000 } } });
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'orders-svc' })).body.secret;
});
afterAll(() => s.close());

describe('release plans on migration flags', () => {
  it('refuses plans that do not fit the migration, naming the field', async () => {
    await migrationFlag('orders-bad');
    const percent = await s.post(`${prod('orders-bad')}/releases`, { fromVariation: 0, toVariation: 1, gates: errors, stages: [{ name: 'All', percent: 100, minDwellMs: 0, minSamplesPerArm: 1 }] });
    expect(percent.status).toBe(400);
    expect(percent.body.details[0]).toMatchObject({ path: 'body.stages', message: expect.stringContaining('migration flag') });
    const skip = await s.post(`${prod('orders-bad')}/releases`, { fromVariation: 0, toVariation: 2, gates: errors, stages: [stage('shadow')] });
    expect(skip.body.details[0]).toMatchObject({ path: 'body.stages[0].migrationStage', message: expect.stringContaining('the stage after "off"') });
    const gap = await s.post(`${prod('orders-bad')}/releases`, { fromVariation: 0, toVariation: 3, gates: errors, stages: [stage('dualwrite'), stage('live')] });
    expect(gap.body.details[0]).toMatchObject({ path: 'body.stages[1].migrationStage', message: expect.stringContaining('the stage after dualwrite') });
    const arms = await s.post(`${prod('orders-bad')}/releases`, { fromVariation: 0, toVariation: 1, gates: [{ ...errors[0], comparison: 'increase-at-most' }], stages: [stage('dualwrite')] });
    expect(arms.body.details[0]).toMatchObject({ path: 'body.gates[0].comparison', message: expect.stringContaining('no control arm') });
    const to = await s.post(`${prod('orders-bad')}/releases`, { fromVariation: 0, toVariation: 5, gates: errors, stages: [stage('dualwrite')] });
    expect(to.body.details[0]).toMatchObject({ path: 'body.toVariation', message: expect.stringContaining('must be 1') });
    expect((await s.post('/api/v1/flags', { key: 'plain-release', type: 'release', owner: 'team' })).status).toBe(201);
    const plain = await s.post(`${prod('plain-release')}/releases`, { fromVariation: 0, toVariation: 1, gates: errors, stages: [stage('dualwrite')] });
    expect(plain.body.details[0]).toMatchObject({ path: 'body.stages[0].migrationStage', message: expect.stringContaining('migration flags only') });
    expect(await migrationStage('orders-bad')).toBe('off');
  });

  it('the template walks the migration from its current stage to complete', async () => {
    await migrationFlag('orders-template');
    const created = await s.post(`${prod('orders-template')}/releases`, { fromVariation: 0, toVariation: 5, owner: 'team-orders', start: false });
    expect(created.status).toBe(201);
    expect(created.body.definition.stages.map((x: { migrationStage: string }) => x.migrationStage)).toEqual(['dualwrite', 'shadow', 'live', 'rampdown', 'complete']);
    expect(created.body.definition.gates[0]).toMatchObject({ comparison: 'value-at-most', onFail: 'rollback' });
  });

  it("moves stage by stage through the migration's machine, holds when it refuses a move, and goes on once its gate is met", async () => {
    await migrationFlag('orders-walk');
    const created = await s.post(`${prod('orders-walk')}/releases`, { fromVariation: 0, toVariation: 3, gates: errors, stages: [stage('dualwrite'), stage('shadow'), stage('live')] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(await migrationStage('orders-walk')).toBe('dualwrite');
    // The first move is the person's (who started the plan); every later one is the plan's own.
    const [first] = (await s.get('/api/v1/flags/orders-walk/audit?action=migration.transition')).body.items;
    expect(first).toMatchObject({ actor: 'bootstrap', reason: expect.stringContaining(`release plan ${id}`), after: { from: 'off', to: 'dualwrite' } });

    await tick(0.5); // landed (no SDK connected)
    await tick(2.5); // dwell over: judging
    await track('orders-walk', 'dualwrite', 50, 0);
    await tick(0.5); // every gate passed: the next move
    expect((await plan(id)).state).toMatchObject({ status: 'running', stage: 1 });
    expect(await migrationStage('orders-walk')).toBe('shadow');
    const [second] = (await s.get('/api/v1/flags/orders-walk/audit?action=migration.transition')).body.items;
    expect(second).toMatchObject({ actor: `system:release/${id}`, after: { from: 'dualwrite', to: 'shadow' } });

    await tick(0.5);
    await tick(2.5);
    await track('orders-walk', 'shadow', 50, 0);
    await tick(0.5); // shadow → live: refused by the migration (no compared reads yet)
    let view = await plan(id);
    expect(view.state).toMatchObject({ status: 'held', heldBecause: 'migration-refused', stage: 1 });
    expect(await migrationStage('orders-walk')).toBe('shadow');
    const [hold] = (await s.get('/api/v1/flags/orders-walk/audit?action=release.hold')).body.items;
    expect(hold).toMatchObject({ actor: `system:release/${id}`, reason: expect.stringContaining('the migration refused the move: live') });
    expect((await s.get('/api/v1/flags/orders-walk/audit?action=migration.forced')).body.items).toEqual([]);
    // Held, it waits for a person, however long.
    await tick(10);
    expect((await plan(id)).state.status).toBe('held');

    // The migration's own evidence arrives; a person resumes; the dwell starts over and the move is allowed.
    expect((await compare('orders-walk', 200, 200)).status).toBe(200);
    expect((await s.post(`/api/v1/releases/${id}/resume`, { reason: 'consistency measured' })).body.state).toMatchObject({ status: 'running', phase: 'soaking' });
    await tick(2.5);
    await track('orders-walk', 'shadow', 50, 0);
    await tick(0.5);
    view = await plan(id);
    expect(view.state).toMatchObject({ status: 'running', stage: 2 });
    expect(await migrationStage('orders-walk')).toBe('live');
    await tick(0.5);
    await tick(2.5);
    await track('orders-walk', 'live', 50, 0);
    await tick(0.5);
    expect((await plan(id)).state.status).toBe('completed');
    expect(await migrationStage('orders-walk')).toBe('live');
  });

  it('a failed gate rolls back through the kill path: the migration returns to its safe stage', async () => {
    await migrationFlag('orders-fail');
    const id = (await s.post(`${prod('orders-fail')}/releases`, { fromVariation: 0, toVariation: 2, gates: errors, stages: [stage('dualwrite'), stage('shadow')] })).body.id as string;
    await tick(0.5);
    await tick(2.5);
    await track('orders-fail', 'dualwrite', 50, 0);
    await tick(0.5);
    expect(await migrationStage('orders-fail')).toBe('shadow');
    await tick(0.5);
    await track('orders-fail', 'shadow', 100, 30); // shadow reads the new store too: it errs
    await tick(0.5);
    expect((await plan(id)).state.status).toBe('rolled-back');
    const config = (await s.get(prod('orders-fail'))).body;
    expect(config.killed).toMatchObject({ by: `system:release/${id}` });
    // The kill's safe stage: the last one reading only the store of record (dualwrite reads old only).
    expect(await migrationStage('orders-fail')).toBe('dualwrite');
  });
});
