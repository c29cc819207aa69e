import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { ChangeRequestStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { changeRequestReviews, changeRequests, reviewPolicies } from './schema';

export function sqliteChangeRequestStore(db: SqliteDb): ChangeRequestStore {
  return {
    async getPolicy(envKey) {
      return db.select().from(reviewPolicies).where(eq(reviewPolicies.envKey, envKey)).get();
    },
    async listPolicies() {
      return db.select().from(reviewPolicies).orderBy(asc(reviewPolicies.envKey)).all();
    },
    async putPolicy(policy) {
      const { envKey: _e, ...rest } = policy;
      db.insert(reviewPolicies).values(policy).onConflictDoUpdate({ target: reviewPolicies.envKey, set: rest }).run();
    },
    async get(id) {
      return db.select().from(changeRequests).where(eq(changeRequests.id, id)).get();
    },
    async list(filter) {
      const where = and(filter.envKey === undefined ? undefined : eq(changeRequests.envKey, filter.envKey), filter.state === undefined ? undefined : eq(changeRequests.state, filter.state));
      return db.select().from(changeRequests).where(where).orderBy(desc(changeRequests.createdAt), desc(changeRequests.id)).limit(filter.limit).all();
    },
    async insert(request) {
      db.insert(changeRequests).values(request).run();
    },
    async update(request) {
      db.update(changeRequests).set(request).where(eq(changeRequests.id, request.id)).run();
    },
    async due(at, limit) {
      return db
        .select()
        .from(changeRequests)
        .where(and(eq(changeRequests.state, 'scheduled'), lte(changeRequests.scheduledAt, at)))
        .orderBy(asc(changeRequests.scheduledAt), asc(changeRequests.id))
        .limit(limit)
        .all();
    },
    async reviews(requestId) {
      return db.select().from(changeRequestReviews).where(eq(changeRequestReviews.requestId, requestId)).orderBy(asc(changeRequestReviews.n)).all();
    },
    async addReview(review) {
      db.insert(changeRequestReviews).values(review).run();
    },
  };
}
