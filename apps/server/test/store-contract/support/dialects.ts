import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, type PostgresDatabaseOptions } from '../../../src/db/postgres/postgres-database';
import { createSqliteDatabase } from '../../../src/db/sqlite/sqlite-database';
import type { Database } from '../../../src/db/stores';
import { createThrowawayDatabase, emptyAllTables, type ThrowawayDatabase } from './throwaway-postgres';

export interface OpenedDatabase {
  db: Database;
  /** Another `Database` on the same data (a second connection/pool: for PostgreSQL, another replica). */
  openAnother(options?: PostgresDatabaseOptions): Promise<Database>;
  /** Closes every `Database` opened here (SQLite: and deletes the file). */
  dispose(): Promise<void>;
}

export interface Dialect {
  name: Database['dialect'];
  /** A `Database` on empty, migrated data. */
  open(options?: { onHookError?: (err: unknown) => void; poolSize?: number }): Promise<OpenedDatabase>;
  /** Deletes whatever the dialect keeps between tests (after the last test of a file). */
  release(): Promise<void>;
}

export const sqlite: Dialect = {
  name: 'sqlite',
  async open(options = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-contract-'));
    const file = join(dir, 'switchyard.db');
    const opened: Database[] = [createSqliteDatabase(file, options.onHookError)];
    return {
      db: opened[0]!,
      async openAnother(o = {}) {
        const db = createSqliteDatabase(file, o.onHookError);
        opened.push(db);
        return db;
      },
      async dispose() {
        for (const db of opened) await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async release() {},
};

/**
 * One throwaway database per test file (creating a PostgreSQL database costs ~0.3 s, too much per
 * test), emptied before each test. Every `open()` still runs `createPostgresDatabase`, migrations
 * included (a no-op after the first).
 */
let shared: Promise<ThrowawayDatabase> | undefined;

export const postgres: Dialect = {
  name: 'postgres',
  async open(options = {}) {
    const database = await (shared ??= createThrowawayDatabase());
    await emptyAllTables(database.url);
    const opened: Database[] = [];
    const connect = async (o: PostgresDatabaseOptions) => {
      const db = await createPostgresDatabase(database.url, o);
      opened.push(db);
      return db;
    };
    const db = await connect({ onHookError: options.onHookError, poolSize: options.poolSize ?? 4 });
    return {
      db,
      openAnother: (o = {}) => connect({ poolSize: 4, ...o }),
      async dispose() {
        for (const db of opened) await db.close();
      },
    };
  },
  async release() {
    const database = await shared;
    shared = undefined;
    await database?.drop();
  },
};

/** Every dialect the store contract runs against. */
export const DIALECTS: readonly Dialect[] = [sqlite, postgres];
