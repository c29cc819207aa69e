import { and, asc, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FlagRecord } from '../records';
import type { FlagStore } from '../stores';
import { bytewise } from './columns';
import { params, placeholdersFor } from '../placeholders';
import type { PgDb, StatementName } from './pg-db';
import { flags } from './schema';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function postgresFlagStore(db: PgDb, statement: StatementName): FlagStore {
  // Every change to a flag reads it by key; definition edits also update it. Prepared once per
  // pooled connection (the stores are made once per connection), by name unless that is turned off
  // (see StatementName), so PostgreSQL parses them once per session and drizzle does not build the
  // SQL again on every call.
  const get = db.select().from(flags).where(eq(flags.key, sql.placeholder('key'))).prepare(statement('flags_get'));
  // drizzle's update types take values, not placeholders; at run time it encodes placeholders like values.
  const update = db
    .update(flags)
    .set(placeholdersFor(flags) as unknown as Partial<FlagRecord>)
    .where(eq(flags.key, sql.placeholder('key')))
    .prepare(statement('flags_update'));
  return {
    async list(filter) {
      const where: SQL[] = [];
      if (filter.owner !== undefined) where.push(eq(flags.owner, filter.owner));
      if (filter.type !== undefined) where.push(eq(flags.type, filter.type as FlagRecord['type']));
      if (filter.archived !== undefined) where.push(filter.archived ? isNotNull(flags.archivedAt) : isNull(flags.archivedAt));
      if (filter.expiredBefore !== undefined) where.push(and(isNotNull(flags.expiresAt), lt(bytewise(flags.expiresAt), filter.expiredBefore))!);
      // Containment of a one-element array: an exact element match, served by the GIN index.
      if (filter.tag !== undefined) where.push(sql`${flags.tags} @> jsonb_build_array(${filter.tag}::text)`);
      if (filter.search !== undefined) {
        const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
        where.push(or(sql`lower(${flags.key}) like ${pattern} escape '\\'`, sql`lower(${flags.name}) like ${pattern} escape '\\'`)!);
      }
      return db
        .select()
        .from(flags)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(asc(bytewise(flags.key)));
    },
    async get(key) {
      const [row] = await get.execute({ key });
      return row;
    },
    async insert(flag) {
      await db.insert(flags).values(flag);
    },
    async update(flag) {
      await update.execute(params(flag));
    },
  };
}
