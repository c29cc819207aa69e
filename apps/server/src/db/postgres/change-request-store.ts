import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { ChangeRequestStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { changeRequestReviews, changeRequests, reviewPolicies } from './schema';

export function postgresChangeRequestStore(db: PgDb): ChangeRequestStore {
  return {
    async getPolicy(envKey) {
      const [row] = await db.select().from(reviewPolicies).where(eq(reviewPolicies.envKey, envKey));
      return row;
    },
    async listPolicies() {
      return db.select().from(reviewPolicies).orderBy(asc(bytewise(reviewPolicies.envKey)));
    },
    async putPolicy(policy) {
      const { envKey: _e, ...rest } = policy;
      await db.insert(reviewPolicies).values(policy).onConflictDoUpdate({ target: reviewPolicies.envKey, set: rest });
    },
    async get(id) {
      const [row] = await db.select().from(changeRequests).where(eq(changeRequests.id, id));
      return row;
    },
    async list(filter) {
      const where = and(filter.envKey === undefined ? undefined : eq(changeRequests.envKey, filter.envKey), filter.state === undefined ? undefined : eq(changeRequests.state, filter.state));
      return db.select().from(changeRequests).where(where).orderBy(desc(bytewise(changeRequests.createdAt)), desc(bytewise(changeRequests.id))).limit(filter.limit);
    },
    async insert(request) {
      await db.insert(changeRequests).values(request);
    },
    async update(request) {
      await db.update(changeRequests).set(request).where(eq(changeRequests.id, request.id));
    },
    async due(at, limit) {
      return db
        .select()
        .from(changeRequests)
        .where(and(eq(changeRequests.state, 'scheduled'), lte(bytewise(changeRequests.scheduledAt), at)))
        .orderBy(asc(bytewise(changeRequests.scheduledAt)), asc(bytewise(changeRequests.id)))
        .limit(limit);
    },
    async reviews(requestId) {
      return db.select().from(changeRequestReviews).where(eq(changeRequestReviews.requestId, requestId)).orderBy(asc(changeRequestReviews.n));
    },
    async addReview(review) {
      await db.insert(changeRequestReviews).values(review);
    },
  };
}
