import { and, asc, eq } from 'drizzle-orm';
import type { SegmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { segments } from './schema';

export function sqliteSegmentStore(db: SqliteDb): SegmentStore {
  const byKey = (envKey: string, key: string) => and(eq(segments.envKey, envKey), eq(segments.key, key));
  return {
    async list(envKey) {
      return db.select().from(segments).where(eq(segments.envKey, envKey)).orderBy(asc(segments.key)).all();
    },
    async get(envKey, key) {
      return db.select().from(segments).where(byKey(envKey, key)).get();
    },
    async insert(segment) {
      db.insert(segments).values(segment).run();
    },
    async update(segment) {
      db.update(segments).set(segment).where(byKey(segment.envKey, segment.key)).run();
    },
    async delete(envKey, key) {
      db.delete(segments).where(byKey(envKey, key)).run();
    },
  };
}
