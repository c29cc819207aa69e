import { and, asc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FlagRecord } from '../records';
import type { FlagStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { params, placeholdersFor } from '../placeholders';
import { flags } from './schema';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function sqliteFlagStore(db: SqliteDb): FlagStore {
  // Every change to a flag reads it by key; definition edits also update it: prepared once.
  const get = db.select().from(flags).where(eq(flags.key, sql.placeholder('key'))).prepare();
  const insert = db.insert(flags).values(placeholdersFor(flags)).prepare();
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
      return get.get({ key });
    },
    async insert(flag) {
      insert.run(params(flag));
    },
    async update(flag) {
      update.run(params(flag));
    },
  };
}

