import { asc, eq } from 'drizzle-orm';
import type { TriggerStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { triggers } from './schema';

export function postgresTriggerStore(db: PgDb): TriggerStore {
  return {
    async list() {
      return db.select().from(triggers).orderBy(asc(bytewise(triggers.createdAt)), asc(bytewise(triggers.id)));
    },
    async get(id) {
      const [row] = await db.select().from(triggers).where(eq(triggers.id, id));
      return row;
    },
    async findByUrlHash(hash) {
      const [row] = await db.select().from(triggers).where(eq(triggers.urlHash, hash));
      return row;
    },
    async insert(trigger) {
      await db.insert(triggers).values(trigger);
    },
    async update({ id, ...rest }) {
      await db.update(triggers).set(rest).where(eq(triggers.id, id));
    },
  };
}
