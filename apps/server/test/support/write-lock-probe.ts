import BetterSqlite from 'better-sqlite3';
import pg from 'pg';

/**
 * Whether a server's configuration write transaction is open right now, seen from outside its
 * process (for tests that must kill it in the middle of one). SQLite: another connection's
 * `BEGIN IMMEDIATE` is refused at once (SQLITE_BUSY). PostgreSQL: the write lock, an advisory lock
 * (src/db/postgres/locks.ts), is granted.
 */
export interface WriteLockProbe {
  held(): Promise<boolean>;
  close(): Promise<void>;
}

export function sqliteWriteLockProbe(file: string): WriteLockProbe {
  return {
    async held() {
      const conn = new BetterSqlite(file, { timeout: 0 });
      try {
        conn.exec('BEGIN IMMEDIATE');
        conn.exec('ROLLBACK');
        return false;
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw err;
      } finally {
        conn.close();
      }
    },
    async close() {},
  };
}

export async function postgresWriteLockProbe(url: string): Promise<WriteLockProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async held() {
      const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory' and granted");
      return rows[0]!.n > 0;
    },
    close: () => client.end(),
  };
}
