import { and, asc, eq } from 'drizzle-orm';
import type { FlagConfigStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { flagConfigs } from './schema';

export function sqliteFlagConfigStore(db: SqliteDb): FlagConfigStore {
  return {
    async get(flagKey, envKey) {
      return db
        .select()
        .from(flagConfigs)
        .where(and(eq(flagConfigs.flagKey, flagKey), eq(flagConfigs.envKey, envKey)))
        .get();
    },
    async listForFlag(flagKey) {
      return db.select().from(flagConfigs).where(eq(flagConfigs.flagKey, flagKey)).all();
    },
    async listForEnvironment(envKey) {
      return db.select().from(flagConfigs).where(eq(flagConfigs.envKey, envKey)).orderBy(asc(flagConfigs.flagKey)).all();
    },
    async upsert(config) {
      db.insert(flagConfigs)
        .values(config)
        .onConflictDoUpdate({ target: [flagConfigs.flagKey, flagConfigs.envKey], set: config })
        .run();
    },
  };
}
