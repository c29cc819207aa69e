import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { ReleaseStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { releaseDelivery, releasePlans, releaseSignals } from './schema';

const LIVE = ['draft', 'running', 'held'];

export function postgresReleaseStore(db: PgDb): ReleaseStore {
  return {
    async get(id) {
      const [row] = await db.select().from(releasePlans).where(eq(releasePlans.id, id));
      return row;
    },
    async list(filter) {
      const where = [];
      if (filter.flagKey !== undefined) where.push(eq(releasePlans.flagKey, filter.flagKey));
      if (filter.envKey !== undefined) where.push(eq(releasePlans.envKey, filter.envKey));
      return db.select().from(releasePlans).where(and(...where)).orderBy(desc(releasePlans.createdAt), desc(bytewise(releasePlans.id)));
    },
    async listLive() {
      return db
        .select()
        .from(releasePlans)
        .where(inArray(sql`${releasePlans.state}->>'status'`, LIVE))
        .orderBy(asc(bytewise(releasePlans.id)));
    },
    async insert(plan) {
      await db.insert(releasePlans).values(plan);
    },
    async update(plan) {
      await db.update(releasePlans).set(plan).where(eq(releasePlans.id, plan.id));
    },
    async addSignals(rows) {
      // One row per key in one upsert (summed first), sorted so concurrent reports lock rows in one order.
      const sums = new Map<string, (typeof rows)[number]>();
      for (const r of rows) {
        const id = JSON.stringify([r.envKey, r.flagKey, r.variant, r.bucket]);
        const seen = sums.get(id);
        sums.set(id, seen ? { ...seen, samples: seen.samples + r.samples, errors: seen.errors + r.errors, latencySumMs: seen.latencySumMs + r.latencySumMs, timed: seen.timed + r.timed } : { ...r });
      }
      if (sums.size === 0) return;
      const values = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
      await db
        .insert(releaseSignals)
        .values(values)
        .onConflictDoUpdate({
          target: [releaseSignals.envKey, releaseSignals.flagKey, releaseSignals.variant, releaseSignals.bucket],
          set: {
            samples: sql`${releaseSignals.samples} + excluded.samples`,
            errors: sql`${releaseSignals.errors} + excluded.errors`,
            latencySumMs: sql`${releaseSignals.latencySumMs} + excluded.latency_sum_ms`,
            timed: sql`${releaseSignals.timed} + excluded.timed`,
          },
        });
    },
    async listSignals(envKey, flagKey, sinceBucket) {
      return db
        .select()
        .from(releaseSignals)
        .where(and(eq(releaseSignals.envKey, envKey), eq(releaseSignals.flagKey, flagKey), gte(bytewise(releaseSignals.bucket), sinceBucket)));
    },
    async pruneSignals(beforeBucket) {
      return (await db.delete(releaseSignals).where(lt(bytewise(releaseSignals.bucket), beforeBucket)).returning({ bucket: releaseSignals.bucket })).length;
    },
    async putDelivery(row) {
      await db.insert(releaseDelivery).values(row).onConflictDoUpdate({ target: [releaseDelivery.planId, releaseDelivery.replicaId], set: row });
    },
    async listDelivery(planId) {
      return db.select().from(releaseDelivery).where(eq(releaseDelivery.planId, planId));
    },
  };
}
