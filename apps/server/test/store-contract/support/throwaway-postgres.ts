import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server the PostgreSQL tests run against (a maintenance database on it; each test gets its own
 * database). CI starts one on 127.0.0.1:5432 with trust auth (scripts/lib/services.sh).
 */
export const ADMIN_URL = process.env.SWITCHYARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

let icu: boolean | undefined;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL tests need a server at ${ADMIN_URL} (set SWITCHYARD_TEST_POSTGRES_URL): ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database `switchyard_test_<random>`. Where the server has ICU it is created with an
 * `en-US` collation, on purpose: the stores must sort and compare by bytes as SQLite does, whatever
 * the database's default collation is.
 */
export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `switchyard_test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    icu ??= (await client.query("select 1 from pg_collation where collname = 'en-US-x-icu'")).rowCount === 1;
    const locale = icu ? " locale_provider = icu icu_locale = 'en-US'" : '';
    await client.query(`create database "${name}" template template0${locale}`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(async (client) => void (await client.query(`drop database if exists "${name}" with (force)`))),
  };
}

/**
 * Empties every table of the public schema (the migrations bookkeeping, in schema "drizzle", stays).
 * DELETE, not TRUNCATE: on a few rows it is ~10x faster (TRUNCATE makes and syncs new files per table).
 * Tables holding foreign keys go first.
 */
export async function emptyAllTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select quote_ident(t.tablename) as name from pg_tables t
       where t.schemaname = 'public'
       order by (select count(*) from pg_constraint c where c.conrelid = format('public.%I', t.tablename)::regclass and c.contype = 'f') desc, t.tablename`,
    );
    if (rows.length > 0) await client.query(rows.map((r) => `delete from public.${r.name};`).join('\n'));
  } finally {
    await client.end();
  }
}
