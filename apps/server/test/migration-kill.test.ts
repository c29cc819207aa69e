import { createEvaluator, type RuleSet } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A responder's kill on a migration flag (issue 26, item 13): it moves the migration to its safe
 * stage (every read from the store of record) instead of being refused, is audited as a kill, and
 * holds the migration back until restored. Transitions of archived migration flags are refused.
 */
let s: TestServer;
let serverKey: string;
const cfg = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
const migration = (flag: string) => `${cfg(flag)}/migration`;

async function createMigration(key: string): Promise<void> {
  const created = await s.post('/api/v1/flags', { key, type: 'migration', owner: 'team-orders', migration: { backfillRequired: false } });
  expect(created.status).toBe(201);
}

/** Forced moves (admin) to reach a stage quickly; each forced move is audited like any other. */
async function forceTo(key: string, stages: string[]): Promise<void> {
  for (const to of stages) expect((await s.post(`${migration(key)}/transition`, { to, reason: `to ${to}`, force: true })).status, to).toBe(200);
}

async function served(key: string): Promise<{ stage: unknown; killed: unknown }> {
  const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body as RuleSet;
  const flag = rules.flags.find((f) => f.key === key)!;
  const value = createEvaluator(rules).evaluate(key, { key: 'user-1' }).value as { stage: string };
  return { stage: value.stage, killed: flag.killed };
}

beforeAll(async () => {
  s = await startTestServer();
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'orders-svc' })).body.secret;
});
afterAll(() => s.close());

describe('killing a migration flag', () => {
  it('lets a responder kill a live migration: it rolls back to dualwrite (reads from the old store only, still writing the new), audited as a kill', async () => {
    await createMigration('orders-live');
    await forceTo('orders-live', ['dualwrite', 'shadow', 'live']);
    expect(await served('orders-live')).toEqual({ stage: 'live', killed: null });

    const killed = await s.post(`${cfg('orders-live')}/kill`, { reason: 'INC-7: new store timing out' }, s.tokens.responder);
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    expect(killed.body.killed).toMatchObject({ reason: 'INC-7: new store timing out' });
    expect(killed.body.fallthrough).toEqual({ variation: 1 });

    const view = (await s.get(migration('orders-live'))).body;
    expect(view.stage).toBe('dualwrite');
    expect(view.killed).toMatchObject({ reason: 'INC-7: new store timing out' });
    expect(view.state.newStore.fresh).toBe(true); // still written: no backfill is lost
    // SDKs get the safe stage as the flag's value, never the kill's off variation (stage off would stop writes to the new store).
    expect(await served('orders-live')).toEqual({ stage: 'dualwrite', killed: null });

    const entry = (await s.get('/api/v1/flags/orders-live/audit?limit=1')).body.items[0];
    expect(entry).toMatchObject({ action: 'flag.kill', resource: 'flag-config', envKey: 'production', reason: 'INC-7: new store timing out' });
    expect(entry.after.migration).toMatchObject({ from: 'live', to: 'dualwrite' });
    expect((await s.post(`${cfg('orders-live')}/kill`, { reason: 'again' }, s.tokens.responder)).body).toMatchObject({ changed: false, killed: { reason: 'INC-7: new store timing out' } });
  });

  it('holds a killed migration back: forward moves are refused (even forced by an admin), backward ones allowed', async () => {
    const forward = await s.post(`${migration('orders-live')}/transition`, { to: 'shadow', reason: 'retry', force: true });
    expect(forward.status).toBe(409);
    expect(forward.body.code).toBe('MIGRATION_REFUSED');
    expect(forward.body.details.reasons.map((r: { rule: string }) => r.rule)).toContain('killed');
    const view = (await s.get(migration('orders-live'))).body;
    expect(view.moves.find((m: { to: string }) => m.to === 'shadow')).toMatchObject({ allowed: false });
    expect(view.moves.find((m: { to: string }) => m.to === 'off')).toMatchObject({ allowed: true });
  });

  it('restore lifts the kill but leaves the stage where the kill put it: the way forward is the gated one again', async () => {
    const restored = await s.post(`${cfg('orders-live')}/restore`, { reason: 'INC-7 resolved' }, s.tokens.responder);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.killed).toBeNull();
    expect((await s.get(migration('orders-live'))).body).toMatchObject({ stage: 'dualwrite', killed: null });
    expect(await served('orders-live')).toEqual({ stage: 'dualwrite', killed: null });
    const entry = (await s.get('/api/v1/flags/orders-live/audit?limit=1')).body.items[0];
    expect(entry).toMatchObject({ action: 'flag.restore', reason: 'INC-7 resolved' });
    expect((await s.post(`${migration('orders-live')}/transition`, { to: 'shadow', reason: 'resume' })).status).toBe(200);
  });

  it('at complete with the old store stale, a kill keeps the stage: moving back would read a store that missed writes', async () => {
    await createMigration('orders-done');
    await forceTo('orders-done', ['dualwrite', 'shadow', 'live', 'rampdown', 'complete']);
    const killed = await s.post(`${cfg('orders-done')}/kill`, { reason: 'INC-8' }, s.tokens.responder);
    expect(killed.status).toBe(200);
    expect((await s.get(migration('orders-done'))).body.stage).toBe('complete');
    expect(await served('orders-done')).toEqual({ stage: 'complete', killed: null });
  });

  it('a viewer may not kill; a responder may still not transition', async () => {
    await createMigration('orders-roles');
    expect((await s.post(`${cfg('orders-roles')}/kill`, { reason: 'x' }, s.tokens.viewer)).status).toBe(403);
    expect((await s.post(`${migration('orders-roles')}/transition`, { to: 'dualwrite', reason: 'x' }, s.tokens.responder)).status).toBe(403);
  });
});

describe('archived migration flags', () => {
  it('refuse transitions and attestations (an archived flag no longer moves)', async () => {
    await createMigration('orders-archived');
    expect((await s.post('/api/v1/flags/orders-archived/archive', { reason: 'abandoned' })).status).toBe(200);
    const moved = await s.post(`${migration('orders-archived')}/transition`, { to: 'dualwrite', reason: 'x' });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('FLAG_ARCHIVED');
    const attest = await s.post(`${migration('orders-archived')}/attest`, { direction: 'forward', jobName: 'j', range: { start: '0', end: '10' }, reason: 'x' });
    expect(attest.status).toBe(409);
    expect(attest.body.code).toBe('FLAG_ARCHIVED');
    expect((await s.get(migration('orders-archived'))).body.stage).toBe('off');
  });
});
