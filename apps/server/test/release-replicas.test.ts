import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase } from '../src/db/postgres/postgres-database';
import type { Database } from '../src/db/stores';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { createReleaseScheduler } from '../src/features/releases/release-scheduler';
import { createServices, type Services } from '../src/services';
import { createThrowawayDatabase, type ThrowawayDatabase } from './store-contract/support/throwaway-postgres';

/**
 * Two replicas on one PostgreSQL database, each with its own scheduler, ticking the same plans at the
 * same moments (issue 23): every decision is taken exactly once, across a restart of either replica.
 * Always on PostgreSQL: that is the topology with several replicas.
 */
const MIN = 60_000;
let pg: ThrowawayDatabase;
let clock = Date.parse('2026-05-01T08:00:00.000Z');
const now = () => new Date(clock);
const open: Database[] = [];

/** A replica: its own pool, services and scheduler; `connections` is what its own SDK connections applied. */
async function replica(connections: () => { applied: number; total: number } = () => ({ applied: 3, total: 3 })): Promise<{ services: Services; db: Database; scheduler: ReturnType<typeof createReleaseScheduler> }> {
  const db = await createPostgresDatabase(pg.url, { poolSize: 4 });
  open.push(db);
  const services = createServices({ db, now });
  const scheduler = createReleaseScheduler({ releases: services.releases, delivery: connections, options: { tickMs: 1_000 } });
  return { services, db, scheduler };
}

beforeAll(async () => {
  pg = await createThrowawayDatabase();
}, 30_000);
afterAll(async () => {
  for (const db of open) await db.close().catch(() => {});
  await pg?.drop();
});

it('advances each plan exactly once per decision with two replicas ticking together, across a restart of either', { timeout: 60_000 }, async () => {
  let a = await replica();
  let b = await replica();
  await a.services.environments.ensureDefaults(SYSTEM_ACTOR);
  const plans: string[] = [];
  for (const key of ['twin-a', 'twin-b', 'twin-c']) {
    await a.services.flags.create(SYSTEM_ACTOR, { key, type: 'release', owner: 'team' });
    await a.services.configs.toggle(SYSTEM_ACTOR, key, 'production', { enabled: true, baseVersion: (await a.services.configs.get(key, 'production')).version });
    const plan = await b.services.releases.create(SYSTEM_ACTOR, key, 'production', {
      fromVariation: 0,
      toVariation: 1,
      stages: [
        { name: 'Ten', percent: 10, minDwellMs: 2 * MIN, minSamplesPerArm: 10 },
        { name: 'All', percent: 100, minDwellMs: 2 * MIN, minSamplesPerArm: 10 },
      ],
      gates: [{ name: 'Errors', owner: 'team', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.1, windowMs: 5 * MIN, onFail: 'rollback' }],
    });
    plans.push(plan.id);
  }
  const tickBoth = async (ms: number) => {
    clock += ms;
    await Promise.all([a.scheduler.tickAll(), b.scheduler.tickAll(), a.scheduler.tickAll(), b.scheduler.tickAll()]);
  };
  const healthy = async () => {
    for (const key of ['twin-a', 'twin-b', 'twin-c'])
      await a.services.releases.recordSignals('production', [
        { flag: key, variant: 'on', count: 50, errors: 0, latencySumMs: 0, timed: 0 },
        { flag: key, variant: 'off', count: 50, errors: 0, latencySumMs: 0, timed: 0 },
      ]);
  };

  await tickBoth(1_000); // landed
  await tickBoth(10_000);
  await healthy();
  await tickBoth(2 * MIN); // soaked
  // Replica B restarts (a new process: new pool, new services, new scheduler) mid-plan.
  await b.db.close();
  b = await replica();
  await tickBoth(1_000); // advance to 100 %
  await tickBoth(1_000);
  // The old B's last report (before its restart) is still fresh and names no stage version: it holds
  // the delivery until it goes stale (three ticks), as a replica that may still have connections would.
  for (const id of plans) expect((await a.services.releases.get(id)).state.phase).toBe('delivering');
  await tickBoth(2_001); // landed
  await tickBoth(10_000);
  await healthy();
  await tickBoth(2 * MIN); // soaked
  // Now replica A restarts.
  await a.db.close();
  a = await replica();
  await tickBoth(1_000); // complete
  await tickBoth(MIN);

  for (const id of plans) {
    const plan = await a.services.releases.get(id);
    expect(plan.state.status).toBe('completed');
    const entries = await a.services.audit.list({ flagKey: plan.flagKey, limit: 1_000 }, 'admin');
    const mine = entries.filter((e) => e.targetKey === id || (e.flagKey === plan.flagKey && e.action === 'flag.config.update'));
    expect(mine.map((e) => e.action), id).toEqual([
      'release.create',
      'flag.config.update',
      'release.start',
      'release.landed',
      'release.soaked',
      'flag.config.update',
      'release.advance',
      'release.landed',
      'release.soaked',
      'release.complete',
    ]);
  }
});

it("starts the dwell only when the stage landed on every replica's connections", { timeout: 60_000 }, async () => {
  let onA = { applied: 2, total: 3 };
  const a = await replica(() => onA);
  const b = await replica(() => ({ applied: 4, total: 4 }));
  await a.services.flags.create(SYSTEM_ACTOR, { key: 'spread-out', type: 'release', owner: 'team' });
  const plan = await a.services.releases.create(SYSTEM_ACTOR, 'spread-out', 'production', {
    fromVariation: 0,
    toVariation: 1,
    stages: [{ name: 'All', percent: 100, minDwellMs: MIN, minSamplesPerArm: 10 }],
    gates: [{ name: 'Errors', owner: 'team', signal: 'error-rate', comparison: 'value-at-most', threshold: 0.1, windowMs: MIN, onFail: 'hold' }],
  });
  for (let i = 0; i < 3; i++) {
    clock += 1_000;
    await Promise.all([a.scheduler.tickAll(), b.scheduler.tickAll()]);
  }
  // B's four connections have it, one of A's three does not: not landed.
  expect((await a.services.releases.get(plan.id)).state.phase).toBe('delivering');
  onA = { applied: 3, total: 3 };
  clock += 1_000;
  await a.scheduler.tickAll();
  clock += 1_000;
  await b.scheduler.tickAll();
  expect((await a.services.releases.get(plan.id)).state.phase).toBe('soaking');
  const [landed] = await a.services.audit.list({ action: 'release.landed', flagKey: 'spread-out', limit: 1 }, 'admin');
  expect((landed!.after as { why: string }).why).toBe('landed on 7 of 7 SDK connections: the dwell starts');
});
