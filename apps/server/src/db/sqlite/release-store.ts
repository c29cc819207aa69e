import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { ReleaseStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { releaseDelivery, releasePlans, releaseSignals } from './schema';

const LIVE = ['draft', 'running', 'held'];

export function sqliteReleaseStore(db: SqliteDb): ReleaseStore {
  return {
    async get(id) {
      return db.select().from(releasePlans).where(eq(releasePlans.id, id)).get();
    },
    async list(filter) {
      const where = [];
      if (filter.flagKey !== undefined) where.push(eq(releasePlans.flagKey, filter.flagKey));
      if (filter.envKey !== undefined) where.push(eq(releasePlans.envKey, filter.envKey));
      return db.select().from(releasePlans).where(and(...where)).orderBy(desc(releasePlans.createdAt), desc(releasePlans.id)).all();
    },
    async listLive() {
      return db
        .select()
        .from(releasePlans)
        .where(inArray(sql`json_extract(${releasePlans.state}, '$.status')`, LIVE))
        .orderBy(asc(releasePlans.id))
        .all();
    },
    async insert(plan) {
      db.insert(releasePlans).values(plan).run();
    },
    async update(plan) {
      db.update(releasePlans).set(plan).where(eq(releasePlans.id, plan.id)).run();
    },
    async addSignals(rows) {
      for (const r of rows)
        db.insert(releaseSignals)
          .values(r)
          .onConflictDoUpdate({
            target: [releaseSignals.envKey, releaseSignals.flagKey, releaseSignals.variant, releaseSignals.bucket],
            set: {
              samples: sql`${releaseSignals.samples} + ${r.samples}`,
              errors: sql`${releaseSignals.errors} + ${r.errors}`,
              latencySumMs: sql`${releaseSignals.latencySumMs} + ${r.latencySumMs}`,
              timed: sql`${releaseSignals.timed} + ${r.timed}`,
            },
          })
          .run();
    },
    async listSignals(envKey, flagKey, sinceBucket) {
      return db
        .select()
        .from(releaseSignals)
        .where(and(eq(releaseSignals.envKey, envKey), eq(releaseSignals.flagKey, flagKey), gte(releaseSignals.bucket, sinceBucket)))
        .all();
    },
    async pruneSignals(beforeBucket) {
      return db.delete(releaseSignals).where(lt(releaseSignals.bucket, beforeBucket)).run().changes;
    },
    async putDelivery(row) {
      db.insert(releaseDelivery).values(row).onConflictDoUpdate({ target: [releaseDelivery.planId, releaseDelivery.replicaId], set: row }).run();
    },
    async listDelivery(planId) {
      return db.select().from(releaseDelivery).where(eq(releaseDelivery.planId, planId)).all();
    },
  };
}
