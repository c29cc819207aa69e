import { asc, eq, sql } from 'drizzle-orm';
import type { EnvironmentStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb, StatementName } from './pg-db';
import { environments } from './schema';

export function postgresEnvironmentStore(db: PgDb, statement: StatementName): EnvironmentStore {
  // Read and bumped by every versioned change: prepared once per pooled connection (see flag-store.ts).
  const get = db.select().from(environments).where(eq(environments.key, sql.placeholder('key'))).prepare(statement('environments_get'));
  // The row lock this UPDATE takes is held until the transaction ends: a concurrent bump of the
  // same environment (from any replica) waits, then increments the committed value.
  const bump = db
    .update(environments)
    .set({ version: sql`${environments.version} + 1` })
    .where(eq(environments.key, sql.placeholder('key')))
    .returning({ version: environments.version })
    .prepare(statement('environments_bump_version'));
  return {
    async list() {
      return db.select().from(environments).orderBy(asc(bytewise(environments.createdAt)), asc(bytewise(environments.key)));
    },
    async get(key) {
      const [row] = await get.execute({ key });
      return row;
    },
    async insert(env) {
      await db.insert(environments).values(env);
    },
    async bumpVersion(key) {
      const [row] = await bump.execute({ key });
      if (!row) throw new Error(`environment ${key} vanished inside its transaction`);
      return row.version;
    },
  };
}
