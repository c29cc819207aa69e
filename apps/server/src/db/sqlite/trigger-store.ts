import { asc, eq } from 'drizzle-orm';
import type { TriggerStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { triggers } from './schema';

export function sqliteTriggerStore(db: SqliteDb): TriggerStore {
  return {
    async list() {
      return db.select().from(triggers).orderBy(asc(triggers.createdAt), asc(triggers.id)).all();
    },
    async get(id) {
      return db.select().from(triggers).where(eq(triggers.id, id)).get();
    },
    async findByUrlHash(hash) {
      return db.select().from(triggers).where(eq(triggers.urlHash, hash)).get();
    },
    async insert(trigger) {
      db.insert(triggers).values(trigger).run();
    },
    async update({ id, ...rest }) {
      db.update(triggers).set(rest).where(eq(triggers.id, id)).run();
    },
  };
}
