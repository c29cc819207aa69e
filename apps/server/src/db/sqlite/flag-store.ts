import { and, asc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { FlagRecord } from '../records';
import type { FlagStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { params, placeholdersFor } from '../placeholders';
import { rowByKey, rowWriter } from './direct-statements';
import { flags } from './schema';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function sqliteFlagStore(db: SqliteDb, raw: Database.Database): FlagStore {
  // Every change to a flag reads it by key (straight on the driver: direct-statements.ts says why);
  // definition edits also update it: prepared once.
  const get = rowByKey<FlagRecord>(raw, flags, ['key']);
  const insert = rowWriter<FlagRecord>(raw, flags);
  // drizzle's update types take values, not placeholders; at run time it encodes placeholders like values.
  const update = db
    .update(flags)
    .set(placeholdersFor(flags) as unknown as Partial<FlagRecord>)
    .where(eq(flags.key, sql.placeholder('key'))).prepare();
  return {
    async list(filter) {
      const where: SQL[] = [];
      if (filter.owner !== undefined) where.push(eq(flags.owner, filter.owner));
      if (filter.type !== undefined) where.push(eq(flags.type, filter.type as FlagRecord['type']));
      if (filter.archived !== undefined) where.push(filter.archived ? isNotNull(flags.archivedAt) : isNull(flags.archivedAt));
      if (filter.expiredBefore !== undefined) where.push(and(isNotNull(flags.expiresAt), lt(flags.expiresAt, filter.expiredBefore))!);
      if (filter.tag !== undefined) where.push(sql`exists (select 1 from json_each(${flags.tags}) where value = ${filter.tag})`);
      if (filter.search !== undefined) {
        const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
        where.push(or(sql`lower(${flags.key}) like ${pattern} escape '\\'`, sql`lower(${flags.name}) like ${pattern} escape '\\'`)!);
      }
      const rows = db
        .select()
        .from(flags)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(asc(flags.key))
        .all();
      return rows;
    },
    async get(key) {
      return get(key);
    },
    async insert(flag) {
      insert(flag);
    },
    async update(flag) {
      update.run(params(flag));
    },
  };
}

