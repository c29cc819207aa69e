import { and, asc, eq } from 'drizzle-orm';
import type { SegmentStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { segments } from './schema';

export function postgresSegmentStore(db: PgDb): SegmentStore {
  const byKey = (envKey: string, key: string) => and(eq(segments.envKey, envKey), eq(segments.key, key));
  return {
    async list(envKey) {
      return db.select().from(segments).where(eq(segments.envKey, envKey)).orderBy(asc(bytewise(segments.key)));
    },
    async get(envKey, key) {
      const [row] = await db.select().from(segments).where(byKey(envKey, key));
      return row;
    },
    async insert(segment) {
      await db.insert(segments).values(segment);
    },
    async update(segment) {
      await db.update(segments).set(segment).where(byKey(segment.envKey, segment.key));
    },
    async delete(envKey, key) {
      await db.delete(segments).where(byKey(envKey, key));
    },
  };
}
