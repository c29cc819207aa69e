import { and, asc, eq, sql } from 'drizzle-orm';
import type { FlagConfigStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { excludedFor, params, placeholdersFor } from '../placeholders';
import { flagConfigs } from './schema';

export function sqliteFlagConfigStore(db: SqliteDb): FlagConfigStore {
  // The write path's statements, prepared once.
  const get = db
    .select()
    .from(flagConfigs)
    .where(and(eq(flagConfigs.flagKey, sql.placeholder('flagKey')), eq(flagConfigs.envKey, sql.placeholder('envKey'))))
    .prepare();
  const listForFlag = db.select().from(flagConfigs).where(eq(flagConfigs.flagKey, sql.placeholder('flagKey'))).prepare();
  const upsert = db
    .insert(flagConfigs)
    .values(placeholdersFor(flagConfigs))
    .onConflictDoUpdate({ target: [flagConfigs.flagKey, flagConfigs.envKey], set: excludedFor(flagConfigs, ['flagKey', 'envKey']) })
    .prepare();
  return {
    async get(flagKey, envKey) {
      return get.get({ flagKey, envKey });
    },
    async listForFlag(flagKey) {
      return listForFlag.all({ flagKey });
    },
    async listForEnvironment(envKey) {
      return db.select().from(flagConfigs).where(eq(flagConfigs.envKey, envKey)).orderBy(asc(flagConfigs.flagKey)).all();
    },
    async upsert(config) {
      upsert.run(params(config));
    },
    async upsertMany(configs) {
      for (const config of configs) upsert.run(params(config));
    },
  };
}
