import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, type PostgresDatabaseOptions } from '../../../src/db/postgres/postgres-database';
import { createSqliteDatabase } from '../../../src/db/sqlite/sqlite-database';
import type { Database } from '../../../src/db/stores';
import { createThrowawayDatabase } from './throwaway-postgres';

export interface OpenedDatabase {
  db: Database;
  /** Another `Database` on the same data (a second connection/pool: for PostgreSQL, another replica). */
  openAnother(options?: { onHookError?: (err: unknown) => void; poolSize?: number }): Promise<Database>;
  /** Closes every `Database` opened here and deletes the data. */
  dispose(): Promise<void>;
}

export interface Dialect {
  name: Database['dialect'];
  open(options?: { onHookError?: (err: unknown) => void }): Promise<OpenedDatabase>;
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
};

export const postgres: Dialect = {
  name: 'postgres',
  async open(options = {}) {
    const database = await createThrowawayDatabase();
    const opened: Database[] = [];
    const connect = async (o: PostgresDatabaseOptions) => {
      const db = await createPostgresDatabase(database.url, o);
      opened.push(db);
      return db;
    };
    try {
      const db = await connect({ onHookError: options.onHookError, poolSize: 4 });
      return {
        db,
        openAnother: (o = {}) => connect({ poolSize: 4, ...o }),
        async dispose() {
          for (const db of opened) await db.close();
          await database.drop();
        },
      };
    } catch (err) {
      await database.drop();
      throw err;
    }
  },
};

/** Every dialect the store contract runs against. */
export const DIALECTS: readonly Dialect[] = [sqlite, postgres];
