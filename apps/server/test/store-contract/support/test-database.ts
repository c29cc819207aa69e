import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresDatabase } from '../../../src/db/postgres/postgres-database';
import { createSqliteDatabase } from '../../../src/db/sqlite/sqlite-database';
import type { Database } from '../../../src/db/stores';
import { auditCount, dbFingerprint, dbFingerprints, sqliteExec } from '../../support/db-fingerprint';
import { createThrowawayDatabase } from './throwaway-postgres';

/**
 * A server test's database, in the dialect `SWITCHYARD_TEST_DATABASE` names (`sqlite`, the default,
 * or `postgres`), with what the test harness checks through a separate connection: the audit count,
 * a fingerprint of every row, and raw SQL (to tamper with the audit log).
 */
export interface TestDatabase {
  dialect: Database['dialect'];
  db: Database;
  /** The SQLite file, or the PostgreSQL URL. */
  location: string;
  auditCount(): Promise<number>;
  /** A hash of every row of every table but `exclude` (migration bookkeeping left out). */
  fingerprint(exclude?: readonly string[]): Promise<string>;
  /** `fingerprint(exclude)` for each of `excludes`, from one read of the rows. */
  fingerprints(excludes: readonly (readonly string[])[]): Promise<string[]>;
  /** One statement through a separate connection; `?` placeholders in both dialects. */
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Closes `db` and deletes the data. */
  dispose(): Promise<void>;
}

export function testDialect(): Database['dialect'] {
  const name = process.env.SWITCHYARD_TEST_DATABASE ?? 'sqlite';
  if (name !== 'sqlite' && name !== 'postgres') throw new Error(`SWITCHYARD_TEST_DATABASE must be sqlite or postgres, not "${name}"`);
  return name;
}

export async function openTestDatabase(onHookError: (err: unknown) => void): Promise<TestDatabase> {
  return testDialect() === 'postgres' ? openPostgres(onHookError) : openSqlite(onHookError);
}

async function openSqlite(onHookError: (err: unknown) => void): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const file = join(dir, 'switchyard.db');
  const db = createSqliteDatabase(file, onHookError);
  return {
    dialect: 'sqlite',
    db,
    location: file,
    auditCount: async () => auditCount(file),
    fingerprint: async (exclude = []) => dbFingerprint(file, exclude),
    fingerprints: async (excludes) => dbFingerprints(file, excludes),
    exec: async (sql, params = []) => sqliteExec(file, sql, params),
    async dispose() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(onHookError: (err: unknown) => void): Promise<TestDatabase> {
  const database = await createThrowawayDatabase();
  let db: Database;
  try {
    db = await createPostgresDatabase(database.url, { onHookError, poolSize: 4 });
  } catch (err) {
    await database.drop();
    throw err;
  }
  // One extra connection for the harness's checks, opened on first use.
  let client: Promise<pg.Client> | undefined;
  const query = async (sql: string, params: unknown[] = []) => {
    const c = await (client ??= (async () => {
      const c = new pg.Client({ connectionString: database.url });
      c.setTypeParser(20 /* int8 */, 'text', Number); // as SQLite answers: seq and counts are numbers
      await c.connect();
      return c;
    })());
    let n = 0;
    return (await c.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
  };
  const fingerprints = async (excludes: readonly (readonly string[])[]) => {
    const tables = await query("select tablename as name from pg_tables where schemaname = 'public' order by tablename collate \"C\"");
    const hashes = excludes.map(() => createHash('sha256'));
    for (const { name } of tables as { name: string }[]) {
      const into = hashes.filter((_, i) => !excludes[i]!.includes(name));
      if (into.length === 0) continue;
      for (const hash of into) hash.update(name);
      const rows = await query(`select r from (select row_to_json(t)::text as r from public."${name}" t) x order by r collate "C"`);
      for (const { r } of rows) for (const hash of into) hash.update(r as string);
    }
    return hashes.map((hash) => hash.digest('hex'));
  };
  return {
    dialect: 'postgres',
    db,
    location: database.url,
    auditCount: async () => Number((await query('select count(*) as n from audit_log'))[0]!.n),
    fingerprint: async (exclude = []) => (await fingerprints([exclude]))[0]!,
    fingerprints,
    exec: query,
    async dispose() {
      await db.close();
      if (client) await (await client).end();
      await database.drop();
    },
  };
}
