import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/stores';
import { SYSTEM_ACTOR, type Actor } from '../../src/features/auth/actor';
import { createServices } from '../../src/services';
import { postgres } from './support/dialects';

const alice: Actor = { name: 'alice', keyId: null, role: 'editor' };
const carol: Actor = { name: 'carol', keyId: null, role: 'admin' };

/**
 * Two replicas (two pools on one PostgreSQL database, each with its own services and scheduler):
 * a scheduled change request survives one of them restarting and is applied exactly once when both
 * run their scheduler passes at its time, together and repeatedly.
 */
describe('PostgreSQL: a scheduled change request across replicas', () => {
  afterAll(() => postgres.release());

  it('applies exactly once, across a restart, however many passes race for it', async () => {
    const opened = await postgres.open();
    try {
      let clock = Date.parse('2026-12-01T09:00:00.000Z');
      const now = () => new Date(clock);
      const replica = (db: Database) => createServices({ db, now });
      let a = replica(opened.db);
      const b = replica(await opened.openAnother());
      await a.environments.ensureDefaults(SYSTEM_ACTOR);
      await a.reviewPolicies.set(SYSTEM_ACTOR, 'production', { requireReview: true, minApprovals: 1, approverRoles: ['editor', 'admin'] });
      await a.flags.create(SYSTEM_ACTOR, { key: 'checkout', type: 'release', owner: 'o' } as never);
      const base = (await a.configs.get('checkout', 'production')).version;
      const r = await a.changeRequests.create(alice, 'production', { title: 'on at nine', changes: [{ op: 'flag.enable', key: 'checkout', baseVersion: base }] });
      await b.changeRequests.review(carol, r.id, 'approve', { contentHash: r.contentHash });
      await a.changeRequests.schedule(alice, r.id, new Date(clock + 3_600_000).toISOString());

      // Replica A restarts before the time comes: a new pool and new services, nothing kept in memory.
      await opened.db.close();
      a = replica(await opened.openAnother());
      expect(await a.changeRequests.runDue()).toEqual({ applied: [], failed: [] });
      expect((await b.changeRequests.get(r.id)).state).toBe('scheduled');

      clock += 3_600_000;
      const runs = await Promise.all([a, b, a, b, a, b, a, b].map((replica) => replica.changeRequests.runDue()));
      expect(runs.flatMap((run) => run.applied)).toEqual([r.id]);
      expect(runs.flatMap((run) => run.failed)).toEqual([]);
      expect(await Promise.all([a, b].map((replica) => replica.changeRequests.runDue()))).toEqual([
        { applied: [], failed: [] },
        { applied: [], failed: [] },
      ]);

      const config = await b.configs.get('checkout', 'production');
      expect(config).toMatchObject({ enabled: true, version: base + 1 });
      const entries = await a.audit.list({ envKey: 'production', limit: 100, order: 'asc' }, 'admin');
      expect(entries.filter((e) => e.action === 'flag.enable')).toHaveLength(1);
      expect(entries.filter((e) => e.action === 'change-request.apply')).toMatchObject([{ actor: `system:schedule/${r.id}`, targetKey: r.id, after: { approvers: ['carol'] } }]);
      expect((await b.changeRequests.get(r.id)).state).toBe('applied');
      expect((await a.audit.verify()).ok).toBe(true);
    } finally {
      await opened.dispose();
    }
  });
});
