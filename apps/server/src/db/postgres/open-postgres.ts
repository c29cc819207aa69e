import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsDir } from '../../runtime-files';
import { MIGRATION_LOCK_ID } from './locks';

const MIGRATIONS = migrationsDir('postgres');

export interface PoolOptions {
  poolSize: number;
  applicationName: string;
  idleInTransactionTimeoutMs: number;
  onConnectionError: (err: unknown) => void;
}

/** Opens a pool on `url` and applies every committed migration not yet applied, one replica at a time. */
export async function openPostgres(url: string, o: PoolOptions): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: o.poolSize,
    application_name: o.applicationName,
    // A replica that stalls inside a transaction must not hold the write lock for ever.
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
  });
  // An idle connection that dies (server restart, network) is dropped and replaced by the pool; without
  // a listener the 'error' event would crash the process.
  pool.on('error', o.onConnectionError);
  try {
    await applyMigrations(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

async function applyMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // Session-scoped: drizzle's migrator runs its own transaction, and creates its schema and table
    // before it, which two replicas starting at once would otherwise race on.
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID.toString()]);
    try {
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID.toString()]).catch((err: Error) => {
        broken = err;
      });
    }
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}
