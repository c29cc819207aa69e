import { createEvaluator, type RuleSet } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Guarded release plans through /api/v1 (issue 23): creation from the template, validation, commands,
 * and the scheduler driving plans on an injected clock — every transition audited as
 * `system:release/<id>` with the gate figures that decided it.
 */
let s: TestServer;
let clock = Date.parse('2026-03-01T10:00:00.000Z');
const now = () => new Date(clock);
const MIN = 60_000;
const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
let serverKey: string;

const gates = [
  { name: 'Errors', owner: 'team-checkout', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.02, windowMs: 2 * MIN, onFail: 'rollback' },
];
const stages = [
  { name: 'One percent', percent: 1, minDwellMs: 5 * MIN, minSamplesPerArm: 50 },
  { name: 'Quarter', percent: 25, minDwellMs: 5 * MIN, minSamplesPerArm: 50 },
  { name: 'Everyone', percent: 100, minDwellMs: 5 * MIN, minSamplesPerArm: 50 },
];

async function newFlag(key: string): Promise<void> {
  expect((await s.post('/api/v1/flags', flagBody(key))).status).toBe(201);
  const version = (await s.get(prod(key))).body.version;
  expect((await s.post(`${prod(key)}/toggle`, { enabled: true, baseVersion: version })).status).toBe(200);
}

/** Tracked calls, as SDK summaries report them: `n` per arm with `errors` failing. */
async function signal(flag: string, arms: { on?: [number, number]; off?: [number, number] }): Promise<void> {
  const rows = [];
  if (arms.on) rows.push({ flag, variant: 'on', count: arms.on[0], errors: arms.on[1], latencySumMs: 0, timed: 0 });
  if (arms.off) rows.push({ flag, variant: 'off', count: arms.off[0], errors: arms.off[1], latencySumMs: 0, timed: 0 });
  await s.services.releases.recordSignals('production', rows);
}

async function tick(minutes: number): Promise<void> {
  clock += minutes * MIN;
  await s.app.releaseScheduler.tickAll();
}

const plan = async (id: string) => (await s.get(`/api/v1/releases/${id}`)).body;
const share = async (flag: string) => {
  const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body as RuleSet;
  const ev = createEvaluator(rules);
  let on = 0;
  for (let i = 0; i < 2000; i++) if (ev.evaluate(flag, { key: `u${i}` }).value === true) on++;
  return on / 2000;
};

beforeAll(async () => {
  s = await startTestServer({ now, app: { releases: { timer: false, tickMs: 1_000 } } });
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'checkout-svc' })).body.secret;
});
afterAll(() => s.close());

describe('release plans', () => {
  it('refuses bad plans with 4xx naming the field', async () => {
    await newFlag('bad-plans');
    const r1 = await s.post(`${prod('bad-plans')}/releases`, { fromVariation: 0, toVariation: 1 });
    expect(r1.status).toBe(400);
    expect(r1.body.details).toEqual([{ path: 'body.owner', message: expect.stringContaining('is required') }]);
    const r2 = await s.post(`${prod('bad-plans')}/releases`, { fromVariation: 0, toVariation: 7, gates, stages });
    expect(r2.status).toBe(400);
    expect(r2.body.details[0].path).toBe('body.toVariation');
    const r3 = await s.post(`${prod('bad-plans')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages: stages.slice(0, 2) });
    expect(r3.body.details[0]).toMatchObject({ path: 'body.stages[1].percent', message: 'the last stage must expose 100 percent' });
    const r4 = await s.post(`${prod('bad-plans')}/releases`, { fromVariation: 0, toVariation: 1, owner: 'x', staffSegment: 'nobody' });
    expect(r4.body.details[0]).toMatchObject({ path: 'body.stages[0].segment' });
    expect((await s.post(`${prod('nope')}/releases`, { fromVariation: 0, toVariation: 1, owner: 'x' })).status).toBe(404);
    expect((await s.get('/api/v1/releases/rp_missing')).body.code).toBe('RELEASE_PLAN_NOT_FOUND');
    expect((await s.post('/api/v1/releases/rp_missing/launch', {})).status).toBe(400);
  });

  it('creates a plan from the template, one live plan per flag and environment', async () => {
    await newFlag('templated');
    expect((await s.post('/api/v1/environments/production/segments', { key: 'staff', name: 'Staff', included: ['alice'] })).status).toBe(201);
    const created = await s.post(`${prod('templated')}/releases`, { fromVariation: 0, toVariation: 1, owner: 'team-checkout', staffSegment: 'staff', start: false });
    expect(created.status).toBe(201);
    expect(created.body.state.status).toBe('draft');
    expect(created.body.definition.stages.map((x: { name: string }) => x.name)).toEqual(['Internal', 'Initial canary', 'Small canary', 'Broad canary', 'Full release']);
    expect(created.body.gateHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await s.post(`${prod('templated')}/releases`, { fromVariation: 0, toVariation: 1, owner: 'team-checkout' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RELEASE_PLAN_ACTIVE');
    const started = await s.post(`/api/v1/releases/${created.body.id}/start`, {});
    expect(started.body.state).toMatchObject({ status: 'running', stage: 0, phase: 'delivering' });
    // Stage 1 exposes the staff segment only: alice gets the new variation, nobody else.
    const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body as RuleSet;
    const ev = createEvaluator(rules);
    expect(ev.evaluate('templated', { key: 'alice' }).value).toBe(true);
    expect(ev.evaluate('templated', { key: 'bob' }).value).toBe(false);
    const listed = (await s.get(`${prod('templated')}/releases`)).body.items;
    expect(listed.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    expect((await s.get('/api/v1/releases?flag=templated')).body.items).toHaveLength(1);
  });

  it('walks every stage to 100 % on healthy signals, never before the dwell, and holds on silence', async () => {
    await newFlag('healthy');
    const id = (await s.post(`${prod('healthy')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    expect(await share('healthy')).toBeCloseTo(0.01, 1);
    await tick(0.5); // landed (no SDK connected: 0 of 0)
    expect((await plan(id)).state).toMatchObject({ phase: 'soaking', stage: 0 });
    // No signal at all: the dwell ends but the plan holds, however long it waits.
    for (let i = 0; i < 5; i++) await tick(3);
    let view = await plan(id);
    expect(view.state).toMatchObject({ status: 'running', phase: 'judging', stage: 0 });
    expect(view.judgements[0]).toMatchObject({ gate: 'Errors', verdict: 'inconclusive' });
    for (const stage of [0, 1]) {
      await signal('healthy', { on: [200, 1], off: [200, 1] });
      await tick(0.5);
      view = await plan(id);
      expect(view.state.stage, `advanced from stage ${stage}`).toBe(stage + 1);
      await tick(0.5); // landed
      // Within the dwell healthy figures do not advance it.
      await signal('healthy', { on: [200, 0], off: [200, 0] });
      await tick(1);
      expect((await plan(id)).state).toMatchObject({ stage: stage + 1, phase: 'soaking' });
      await tick(5);
      expect((await plan(id)).state.phase).toBe('judging');
    }
    expect(await share('healthy')).toBe(1);
    // At 100 % there is no control arm: the last stage's control is the baseline.
    await signal('healthy', { on: [200, 2] });
    await tick(0.5);
    view = await plan(id);
    expect(view.state.status).toBe('completed');
    const audit = (await s.get('/api/v1/flags/healthy/audit?limit=100')).body.items as { action: string; actor: string; after: any }[];
    const transitions = audit.filter((e) => e.action.startsWith('release.')).reverse();
    expect(transitions.map((e) => e.action)).toEqual([
      'release.create',
      'release.start',
      'release.landed',
      'release.soaked',
      'release.advance',
      'release.landed',
      'release.soaked',
      'release.advance',
      'release.landed',
      'release.soaked',
      'release.complete',
    ]);
    const automatic = transitions.filter((e) => !['release.create', 'release.start'].includes(e.action));
    expect(new Set(automatic.map((e) => e.actor))).toEqual(new Set([`system:release/${id}`]));
    const advanced = transitions.find((e) => e.action === 'release.advance')!;
    expect(advanced.after.gateHash).toBe(view.gateHash);
    expect(advanced.after.judgements[0]).toMatchObject({ gate: 'Errors', verdict: 'pass', treatment: { samples: 200 }, control: { samples: 200 } });
  });

  it('rolls back through the kill path when the new variation errs above the gate', async () => {
    await newFlag('failing');
    const id = (await s.post(`${prod('failing')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    await tick(0.5);
    await signal('failing', { on: [100, 20], off: [100, 1] });
    await tick(0.5); // still within the dwell: a failure acts at once
    const view = await plan(id);
    expect(view.state.status).toBe('rolled-back');
    const config = (await s.get(prod('failing'))).body;
    expect(config.killed).toMatchObject({ by: `system:release/${id}` });
    expect(await share('failing')).toBe(0);
    const [rollback] = (await s.get('/api/v1/flags/failing/audit?action=release.rollback')).body.items;
    expect(rollback.actor).toBe(`system:release/${id}`);
    expect(rollback.reason).toContain('Errors: error-rate increase 0.19');
    expect(rollback.after.judgements[0]).toMatchObject({ verdict: 'fail', treatment: { samples: 100, value: 0.2 }, control: { samples: 100, value: 0.01 } });
    // Ended: no command moves it.
    expect((await s.post(`/api/v1/releases/${id}/resume`, {})).body.code).toBe('RELEASE_REFUSED');
  });

  it('pause, resume (the dwell starts over), advance refused before the dwell, and a responder aborts: the flag is killed', async () => {
    await newFlag('commanded');
    const id = (await s.post(`${prod('commanded')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    await tick(0.5);
    const early = await s.post(`/api/v1/releases/${id}/advance`, { reason: 'hurry' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain("minimum dwell");
    expect((await s.post(`/api/v1/releases/${id}/pause`, { reason: 'lunch' }, s.tokens.responder)).status).toBe(403);
    expect((await s.post(`/api/v1/releases/${id}/pause`, { reason: 'lunch' })).body.state).toMatchObject({ status: 'held', heldBecause: 'paused' });
    await tick(10);
    expect((await plan(id)).state.status).toBe('held');
    const resumed = (await s.post(`/api/v1/releases/${id}/resume`, {})).body;
    expect(resumed.state).toMatchObject({ status: 'running', phase: 'soaking', landedAt: new Date(clock).toISOString() });
    const share1 = await share('commanded');
    const aborted = await s.post(`/api/v1/releases/${id}/abort`, { reason: 'INC-9' }, s.tokens.responder);
    expect(aborted.status).toBe(200);
    expect(aborted.body.state.status).toBe('aborted');
    expect(share1).toBeGreaterThan(0);
    expect(await share('commanded')).toBe(0);
    const [entry] = (await s.get('/api/v1/flags/commanded/audit?action=release.abort')).body.items;
    expect(entry).toMatchObject({ actor: 'responder-token', reason: 'INC-9' });
  });

  it('a kill by someone else ends a running plan as aborted; it never re-exposes over a kill', async () => {
    await newFlag('killed-under');
    const id = (await s.post(`${prod('killed-under')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    await s.post(`${prod('killed-under')}/kill`, { reason: 'INC-10' }, s.tokens.responder);
    await tick(1);
    expect((await plan(id)).state.status).toBe('aborted');
    const entry = (await s.get('/api/v1/flags/killed-under/audit?action=release.abort')).body.items[0];
    expect(entry).toMatchObject({ actor: `system:release/${id}`, reason: expect.stringContaining('INC-10') });
  });

  it('refuses to start on a killed flag or percentages on a migration flag, and ends a plan whose flag is archived', async () => {
    await newFlag('killed-first');
    await s.post(`${prod('killed-first')}/kill`, { reason: 'INC-11' }, s.tokens.responder);
    const refused = await s.post(`${prod('killed-first')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'RELEASE_REFUSED', message: expect.stringContaining('restore it') });
    expect((await s.post('/api/v1/flags', { key: 'mig-plan', type: 'migration', owner: 'team' })).status).toBe(201);
    // A migration flag's plan moves migration stages (release-migration.test.ts), not percentages.
    const migration = await s.post(`${prod('mig-plan')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages });
    expect(migration.status).toBe(400);
    expect(migration.body.details[0]).toMatchObject({ path: 'body.stages', message: expect.stringContaining('migration flag') });

    await newFlag('archived-under');
    const id = (await s.post(`${prod('archived-under')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    expect((await s.post('/api/v1/flags/archived-under/archive', {})).status).toBe(200);
    await tick(1);
    expect((await plan(id)).state.status).toBe('aborted');
  });

  it('resumes after a restart from the stored state, and exposes the same users (sticky)', async () => {
    await newFlag('sticky');
    const id = (await s.post(`${prod('sticky')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body.id as string;
    const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body as RuleSet;
    const exposed = Array.from({ length: 3000 }, (_, i) => `u${i}`).filter((k) => createEvaluator(rules).evaluate('sticky', { key: k }).value === true);
    expect(exposed.length).toBeGreaterThan(0);
    // A second scheduler over the same database (as after a restart) continues the plan.
    const { createReleaseScheduler } = await import('../src/features/releases/release-scheduler');
    const restarted = createReleaseScheduler({ releases: s.services.releases, delivery: () => ({ applied: 0, total: 0 }) });
    clock += MIN;
    await restarted.tickAll();
    expect((await plan(id)).state.phase).toBe('soaking');
    clock += 6 * MIN;
    await signal('sticky', { on: [100, 0], off: [100, 0] });
    await restarted.tickAll();
    await tick(0.5);
    expect((await plan(id)).state.stage).toBe(1);
    const after = createEvaluator((await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body as RuleSet);
    expect(exposed.every((k) => after.evaluate('sticky', { key: k }).value === true)).toBe(true);
  });
});

describe('tracked signals are pruned', () => {
  it('deletes counts older than any gate window can read (7 days + 1), keeps the rest', async () => {
    await signal('pruned-old', { on: [10, 1] });
    clock += 5 * 86_400_000;
    await signal('pruned-recent', { on: [20, 2] });
    clock += 4 * 86_400_000; // the first is 9 days old, the second 4
    const since = '2000-01-01T00:00:00.000Z';
    expect(await s.services.db.read((st) => st.releases.listSignals('production', 'pruned-old', since))).toHaveLength(1);
    expect(await s.services.releases.pruneSignals()).toBeGreaterThanOrEqual(1);
    expect(await s.services.db.read((st) => st.releases.listSignals('production', 'pruned-old', since))).toEqual([]);
    expect((await s.services.db.read((st) => st.releases.listSignals('production', 'pruned-recent', since))).map((r) => r.samples)).toEqual([20]);
    expect(await s.services.releases.pruneSignals()).toBe(0);
  });
});

describe('changing a plan\'s gates mid-run', () => {
  it('is its own audited action with both gate sets and hashes; refused on an ended plan; bad gates named', async () => {
    await newFlag('regated');
    const created = (await s.post(`${prod('regated')}/releases`, { fromVariation: 0, toVariation: 1, gates, stages })).body;
    const tighter = [{ ...gates[0], threshold: 0.005 }];
    const noReason = await s.request('PUT', `/api/v1/releases/${created.id}/gates`, { body: { gates: tighter } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toMatchObject({ path: 'body.reason' });
    const bad = await s.request('PUT', `/api/v1/releases/${created.id}/gates`, { body: { gates: [{ ...gates[0], threshold: -1 }], reason: 'typo' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('body.gates[0].threshold');
    const changed = await s.request('PUT', `/api/v1/releases/${created.id}/gates`, { body: { gates: tighter, reason: 'INC-12 showed 1% is too loose' } });
    expect(changed.status).toBe(200);
    expect(changed.body.definition.gates[0].threshold).toBe(0.005);
    expect(changed.body.gateHash).not.toBe(created.gateHash);
    expect(changed.body.state).toEqual(created.state);
    const [entry] = (await s.get('/api/v1/flags/regated/audit?action=release.gates')).body.items;
    expect(entry).toMatchObject({
      actor: 'bootstrap',
      targetKey: created.id,
      reason: 'INC-12 showed 1% is too loose',
      before: { gateHash: created.gateHash, gates: [{ threshold: 0.02 }] },
      after: { gateHash: changed.body.gateHash, gates: [{ threshold: 0.005 }] },
    });
    // The next transition records the new hash: what judged it is visible.
    await tick(0.5);
    const [landed] = (await s.get('/api/v1/flags/regated/audit?action=release.landed')).body.items;
    expect(landed.after.gateHash).toBe(changed.body.gateHash);
    expect((await s.post(`/api/v1/releases/${created.id}/abort`, { reason: 'done' })).status).toBe(200);
    const ended = await s.request('PUT', `/api/v1/releases/${created.id}/gates`, { body: { gates, reason: 'too late' } });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('RELEASE_REFUSED');
  });
});
