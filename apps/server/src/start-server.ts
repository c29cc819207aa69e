import { buildApp } from './app';
import { loadConfig } from './config';
import { createPostgresDatabase } from './db/postgres/postgres-database';
import { createSqliteDatabase } from './db/sqlite/sqlite-database';
import { SYSTEM_ACTOR } from './features/auth/actor';
import { createServices } from './services';

/** A running server, as `startServer` returns it. */
export interface StartedServer {
  /** Where it listens, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** Where its data lives: the SQLite file, or `PostgreSQL`. */
  database: string;
  /**
   * The admin token generated on this start (the database had none and `SWITCHYARD_ADMIN_TOKEN` is
   * unset): shown once, only its hash is stored. Null otherwise.
   */
  generatedAdminToken: string | null;
  /** Stops listening (connected SDKs get `goaway`), then closes the database. `signal` is logged. */
  close(signal?: string): Promise<void>;
}

/**
 * Starts the server as the `switchyard-server` command does, configured by `env` (the variables of the
 * README's settings table; default: this process's environment). Rejects with a message naming the
 * variable when a setting is invalid.
 */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<StartedServer> {
  const config = loadConfig(env);
  const onHookError = (err: unknown) => console.error('after-commit hook failed', err);
  const db = config.DATABASE_URL
    ? await createPostgresDatabase(config.DATABASE_URL, { onHookError, namedStatements: config.DATABASE_NAMED_STATEMENTS === 'on' })
    : createSqliteDatabase(config.DATABASE_FILE, onHookError);
  const services = createServices({ db });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const token = await services.keys.bootstrap(SYSTEM_ACTOR, config.SWITCHYARD_ADMIN_TOKEN);

  const app = await buildApp(services, {
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    stream: { maxConnectionsPerKey: config.STREAM_MAX_CONNECTIONS_PER_KEY, heartbeatMs: config.STREAM_HEARTBEAT_MS },
    fanout: { redisUrl: config.REDIS_URL, poll: config.REPLICAS === 'many', catchUpMs: config.CATCH_UP_MS },
  });
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  return {
    url,
    database: config.DATABASE_URL ? 'PostgreSQL' : config.DATABASE_FILE,
    generatedAdminToken: config.SWITCHYARD_ADMIN_TOKEN === undefined ? token : null,
    async close(signal) {
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await db.close();
    },
  };
}
