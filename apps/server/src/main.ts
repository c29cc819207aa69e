import { buildApp } from './app';
import { loadConfig } from './config';
import { createPostgresDatabase } from './db/postgres/postgres-database';
import { createSqliteDatabase } from './db/sqlite/sqlite-database';
import { checkpointOptionsFrom } from './features/audit/checkpoint-setup';
import { SYSTEM_ACTOR } from './features/auth/actor';
import { createServices } from './services';

async function main(): Promise<void> {
  const config = loadConfig();
  const checkpoints = checkpointOptionsFrom(config, (message) => console.warn(message));
  const onHookError = (err: unknown) => console.error('after-commit hook failed', err);
  const db = config.DATABASE_URL
    ? await createPostgresDatabase(config.DATABASE_URL, { onHookError, namedStatements: config.DATABASE_NAMED_STATEMENTS === 'on' })
    : createSqliteDatabase(config.DATABASE_FILE, onHookError);
  const where = config.DATABASE_URL ? 'PostgreSQL' : config.DATABASE_FILE;
  const services = createServices({ db, checkpoints: checkpoints.options });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const token = await services.keys.bootstrap(SYSTEM_ACTOR, config.SWITCHYARD_ADMIN_TOKEN);

  const app = await buildApp(services, {
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    stream: { maxConnectionsPerKey: config.STREAM_MAX_CONNECTIONS_PER_KEY, heartbeatMs: config.STREAM_HEARTBEAT_MS },
    fanout: { redisUrl: config.REDIS_URL, poll: config.REPLICAS === 'many', catchUpMs: config.CATCH_UP_MS },
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });

  const lines = [`Switchyard is listening on ${address}  (database: ${where})`, ...checkpoints.notes];
  if (token !== null && config.SWITCHYARD_ADMIN_TOKEN === undefined)
    lines.push(`Admin token (shown once; store it now): ${token}`);
  else if (config.SWITCHYARD_ADMIN_TOKEN !== undefined) lines.push('Admin token: the one in SWITCHYARD_ADMIN_TOKEN');
  else lines.push('Admin token: printed on first start (create more with POST /api/v1/keys)');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
