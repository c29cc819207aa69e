import { and, asc, eq } from 'drizzle-orm';
import type { FlagConfigStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { environments, flagConfigs } from './schema';

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
      // In environment order (as EnvironmentStore.list), which is the order SQLite returns them in (rowid
      // = insertion order); without an ORDER BY PostgreSQL would return updated rows last.
      const rows = await db
        .select({ config: flagConfigs })
        .from(flagConfigs)
        .leftJoin(environments, eq(environments.key, flagConfigs.envKey))
        .where(eq(flagConfigs.flagKey, flagKey))
        .orderBy(asc(bytewise(environments.createdAt)), asc(bytewise(flagConfigs.envKey)));
      return rows.map((r) => r.config);
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
