import { and, asc, eq, sql } from 'drizzle-orm';
import type { FlagConfigStore } from '../stores';
import { bytewise } from './columns';
import { excludedFor, params, placeholdersFor } from '../placeholders';
import type { PgDb, StatementName } from './pg-db';
import { flagConfigs } from './schema';

export function postgresFlagConfigStore(db: PgDb, statement: StatementName): FlagConfigStore {
  // The write path's statements, prepared once per pooled connection (see flag-store.ts).
  const get = db
    .select()
    .from(flagConfigs)
    .where(and(eq(flagConfigs.flagKey, sql.placeholder('flagKey')), eq(flagConfigs.envKey, sql.placeholder('envKey'))))
    .prepare(statement('flag_configs_get'));
  const upsert = db
    .insert(flagConfigs)
    .values(placeholdersFor(flagConfigs))
    .onConflictDoUpdate({ target: [flagConfigs.flagKey, flagConfigs.envKey], set: excludedFor(flagConfigs, ['flagKey', 'envKey']) })
    .prepare(statement('flag_configs_upsert'));
  return {
    async get(flagKey, envKey) {
      const [row] = await get.execute({ flagKey, envKey });
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
      await upsert.execute(params(config));
    },
    async upsertMany(configs) {
      if (configs.length === 0) return;
      await db
        .insert(flagConfigs)
        .values([...configs])
        .onConflictDoUpdate({ target: [flagConfigs.flagKey, flagConfigs.envKey], set: excludedFor(flagConfigs, ['flagKey', 'envKey']) });
    },
  };
}
