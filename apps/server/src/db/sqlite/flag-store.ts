import { and, asc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FlagRecord } from '../records';
import type { FlagStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { flags } from './schema';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function sqliteFlagStore(db: SqliteDb): FlagStore {
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
      return db.select().from(flags).where(eq(flags.key, key)).get();
    },
    async insert(flag) {
      db.insert(flags).values(flag).run();
    },
    async update(flag) {
      db.update(flags).set(flag).where(eq(flags.key, flag.key)).run();
    },
  };
}

