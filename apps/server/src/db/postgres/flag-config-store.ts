import { and, asc, eq } from 'drizzle-orm';
import type { FlagConfigStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { flagConfigs } from './schema';

export function postgresFlagConfigStore(db: PgDb): FlagConfigStore {
  return {
    async get(flagKey, envKey) {
      const [row] = await db
        .select()
        .from(flagConfigs)
        .where(and(eq(flagConfigs.flagKey, flagKey), eq(flagConfigs.envKey, envKey)));
      return row;
    },
    async listForFlag(flagKey) {
      // By environment key: the order SQLite returns them in (it reads them through its primary key).
      return db.select().from(flagConfigs).where(eq(flagConfigs.flagKey, flagKey)).orderBy(asc(bytewise(flagConfigs.envKey)));
    },
    async listForEnvironment(envKey) {
      return db.select().from(flagConfigs).where(eq(flagConfigs.envKey, envKey)).orderBy(asc(bytewise(flagConfigs.flagKey)));
    },
    async upsert(config) {
      await db
        .insert(flagConfigs)
        .values(config)
        .onConflictDoUpdate({ target: [flagConfigs.flagKey, flagConfigs.envKey], set: config });
    },
  };
}
