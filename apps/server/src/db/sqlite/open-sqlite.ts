import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrationsDir } from '../../runtime-files';
import * as schema from './schema';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = migrationsDir('sqlite');

/**
 * How SQLite syncs to disk (docs/storage.md, "Durability"). `full`: every commit is on disk before
 * it is acknowledged, power loss included. `normal`: a commit survives the process being killed,
 * but the last ones before a power loss or OS crash can be lost.
 */
export type SqliteSynchronous = 'full' | 'normal';

/** Opens (creating if needed) the SQLite file, in WAL mode, with every committed migration applied. */
export function openSqlite(file: string, synchronous: SqliteSynchronous = 'full'): { db: SqliteDb; raw: Database.Database } {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = drizzle(raw, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, raw };
}
