import type Database from 'better-sqlite3';
import { asc, eq, sql } from 'drizzle-orm';
import type { FlagConfigRecord } from '../records';
import type { FlagConfigStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { rowByKey, rowWriter } from './direct-statements';
import { flagConfigs } from './schema';

export function sqliteFlagConfigStore(db: SqliteDb, raw: Database.Database): FlagConfigStore {
  // The write path's statements, prepared once on the driver (direct-statements.ts says why).
  const get = rowByKey<FlagConfigRecord>(raw, flagConfigs, ['flagKey', 'envKey']);
  const listForFlag = db.select().from(flagConfigs).where(eq(flagConfigs.flagKey, sql.placeholder('flagKey'))).prepare();
  const upsert = rowWriter<FlagConfigRecord>(raw, flagConfigs, ['flagKey', 'envKey']);
  return {
    async get(flagKey, envKey) {
      return get(flagKey, envKey);
    },
    async listForFlag(flagKey) {
      return listForFlag.all({ flagKey });
    },
    async listForEnvironment(envKey) {
      return db.select().from(flagConfigs).where(eq(flagConfigs.envKey, envKey)).orderBy(asc(flagConfigs.flagKey)).all();
    },
    async upsert(config) {
      upsert(config);
    },
    async upsertMany(configs) {
      for (const config of configs) upsert(config);
    },
  };
}
