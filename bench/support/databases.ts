import { startServer, type Server } from './server';

/** What running a bench on both databases gave: each run's results, whether any failed, and a note on PostgreSQL. */
export interface BothDatabases<R> {
  results: R[];
  failed: boolean;
  /** Set when PostgreSQL could not be reached: `pending` (postgres=auto) or `FAILED` (postgres=true). */
  postgresNote: string;
}

/**
 * Runs `run` on a fresh server on SQLite, then — unless `postgres` is `false` — on a fresh server on a
 * throwaway PostgreSQL database. `auto` reports PostgreSQL as pending when none answers; `true` fails
 * the run instead. A run that throws is printed and marks the whole as failed; servers always stop.
 */
export async function onBothDatabases<R>(postgres: string, profile: string, run: (server: Server, database: string) => Promise<R[]>): Promise<BothDatabases<R>> {
  const out: BothDatabases<R> = { results: [], failed: false, postgresNote: '' };
  const once = async (env: Record<string, string>, database: string) => {
    const server = await startServer(env, profile);
    try {
      out.results.push(...(await run(server, database)));
    } finally {
      await server.stop().catch(() => undefined);
    }
  };
  try {
    await once({}, 'SQLite (file, WAL)');
  } catch (err) {
    out.failed = true;
    console.error(err);
  }
  if (postgres === 'false') return out;
  const { createThrowawayDatabase } = await import('../../apps/server/test/store-contract/support/throwaway-postgres');
  let db: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  try {
    db = await createThrowawayDatabase();
  } catch (err) {
    out.postgresNote = `PostgreSQL: ${postgres === 'true' ? 'FAILED' : 'pending'} — ${(err as Error).message.split('\n')[0]}`;
    if (postgres === 'true') out.failed = true;
    return out;
  }
  try {
    await once({ DATABASE_URL: db.url }, 'PostgreSQL (local)');
  } catch (err) {
    out.failed = true;
    console.error(err);
  } finally {
    await db.drop().catch(() => undefined);
  }
  return out;
}
