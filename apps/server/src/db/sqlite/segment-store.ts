import { and, asc, eq, sql } from 'drizzle-orm';
import type { SegmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { segments } from './schema';

export function sqliteSegmentStore(db: SqliteDb): SegmentStore {
  const byKey = (envKey: string, key: string) => and(eq(segments.envKey, envKey), eq(segments.key, key));
  // Every config change validates its segment references against this list: prepared once.
  const list = db.select().from(segments).where(eq(segments.envKey, sql.placeholder('envKey'))).orderBy(asc(segments.key)).prepare();
  return {
    async list(envKey) {
      return list.all({ envKey });
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
