import { buildApp } from './app';
import { loadConfig } from './config';
import { createPostgresDatabase } from './db/postgres/postgres-database';
import { createSqliteDatabase } from './db/sqlite/sqlite-database';
import { checkpointOptionsFrom } from './features/audit/checkpoint-setup';
import { SYSTEM_ACTOR } from './features/auth/actor';
import { DEFAULT_ENVIRONMENT_BUDGET } from './features/environments/environment-size';
import { createServices } from './services';

/** How long a graceful stop may take before the process exits regardless (under compose's 15 s stop_grace_period). */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const checkpoints = checkpointOptionsFrom(config, (message) => console.warn(message));
  const onHookError = (err: unknown) => console.error('after-commit hook failed', err);
  const db = config.DATABASE_URL
    ? await createPostgresDatabase(config.DATABASE_URL, { onHookError, namedStatements: config.DATABASE_NAMED_STATEMENTS === 'on' })
    : createSqliteDatabase(config.DATABASE_FILE, onHookError, { synchronous: config.SQLITE_SYNCHRONOUS });
  const where = config.DATABASE_URL ? 'PostgreSQL' : config.DATABASE_FILE;
  const services = createServices({ db, budget: { ...DEFAULT_ENVIRONMENT_BUDGET, bytes: config.ENVIRONMENT_MAX_BYTES }, checkpoints: checkpoints.options,
    prometheus: config.PROMETHEUS_URL ? { url: config.PROMETHEUS_URL, timeoutMs: config.PROMETHEUS_TIMEOUT_MS } : undefined,
  });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const token = await services.keys.bootstrap(SYSTEM_ACTOR, config.SWITCHYARD_ADMIN_TOKEN);
  const deployment = await services.deployment.identity();

  const app = await buildApp(services, {
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'] },
    rateLimits: { signInFailuresPerMinute: config.SIGN_IN_FAILURES_PER_MINUTE, writesPerMinute: config.WRITES_PER_MINUTE },
    events: { perToken: config.EVENT_STREAMS_PER_TOKEN, total: config.EVENT_STREAMS_MAX },
    stream: {
      maxConnectionsPerKey: config.STREAM_MAX_CONNECTIONS_PER_KEY,
      maxConnectionsPerClientKey: config.STREAM_MAX_CONNECTIONS_PER_CLIENT_KEY,
      maxConnectionsPerSource: config.STREAM_MAX_CONNECTIONS_PER_SOURCE,
      contextsPerSourcePerMinute: config.STREAM_CONTEXTS_PER_SOURCE_PER_MINUTE,
      heartbeatMs: config.STREAM_HEARTBEAT_MS,
    },
    trustProxy: config.TRUST_PROXY,
    http: {
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
      maxConnections: config.HTTP_MAX_CONNECTIONS,
    },
    fanout: { redisUrl: config.REDIS_URL, poll: config.REPLICAS === 'many', catchUpMs: config.CATCH_UP_MS },
    triggers: { callsPerMinute: config.TRIGGER_CALLS_PER_MINUTE },
    webhookDelivery: config.WEBHOOK_DELIVERY === 'on' && {
      pollMs: config.WEBHOOK_POLL_MS,
      leaseMs: config.WEBHOOK_LEASE_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      backoffMs: config.WEBHOOK_BACKOFF_MS,
      maxBackoffMs: config.WEBHOOK_MAX_BACKOFF_MS,
    },
    ofrep: { corsOrigins: config.OFREP_CORS_ORIGINS },
  });
  const address = await app.listen({ port: config.PORT, host: config.HOST });

  const lines = [`Switchyard is listening on ${address}  (database: ${where}; deployment: ${deployment})`, ...checkpoints.notes];
  if (token !== null && config.SWITCHYARD_ADMIN_TOKEN === undefined)
    lines.push(`Admin token (shown once; store it now): ${token}`);
  else if (config.SWITCHYARD_ADMIN_TOKEN !== undefined) lines.push('Admin token: the one in SWITCHYARD_ADMIN_TOKEN');
  else lines.push('Admin token: printed on first start (create more with POST /api/v1/keys)');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Streams are ended and SDKs told to go elsewhere within seconds; should anything still hold
    // the server open past the grace period, exit anyway rather than linger half-closed.
    setTimeout(() => {
      console.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms: exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
