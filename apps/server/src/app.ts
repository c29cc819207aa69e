import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAuditRoutes } from './features/audit/audit-routes';
import { authenticateRequest } from './features/auth/authenticate-request';
import { registerEnvironmentRoutes } from './features/environments/environment-routes';
import { registerEvaluationRoutes } from './features/evaluations/evaluation-routes';
import { registerEventRoutes } from './infra/events/event-routes';
import { DEFAULT_EVENT_STREAM_LIMITS, EventStreams, type EventStreamLimits } from './infra/events/event-streams';
import { SINGLE_PROCESS, type Fanout } from './infra/fanout/fanout';
import { createPollingFanout } from './infra/fanout/polling-fanout';
import { createRedisFanout, type ReplicaCaches } from './infra/fanout/redis-fanout';
import { registerFlagRoutes } from './features/flags/flag-routes';
import { registerHealthRoutes } from './infra/health/health-routes';
import { registerKeyRoutes } from './features/keys/key-routes';
import { registerMetricsRoutes } from './infra/metrics/metrics-routes';
import { registerMigrationRoutes, registerMigrationSdkRoutes } from './features/migrations/migration-routes';
import { registerPlanRoutes } from './features/plans/plan-routes';
import { createReleaseScheduler, type ReleaseScheduler, type ReleaseSchedulerOptions } from './features/releases/release-scheduler';
import { registerReleaseRoutes } from './features/releases/release-routes';
import { registerChangeRequestRoutes } from './features/change-requests/change-request-routes';
import { registerReviewRoutes } from './features/review/review-routes';
import { DEFAULT_OFREP_OPTIONS, registerOfrep, type OfrepOptions } from './features/ofrep/ofrep-plugin';
import { registerReportRoutes } from './features/reports/report-routes';
import { registerSdkRoutes } from './features/sdk/sdk-routes';
import { registerSegmentRoutes } from './features/segments/segment-routes';
import { registerSessionRoutes } from './features/session/session-routes';
import { registerDeliveryRoutes } from './features/streaming/delivery-routes';
import { StreamHub } from './features/streaming/stream-hub';
import { DEFAULT_STREAM_OPTIONS, type StreamOptions } from './features/streaming/stream-options';
import { registerStreamRoutes } from './features/streaming/stream-routes';
import { DEFAULT_TRIGGER_CALL_OPTIONS, registerTriggerCallRoutes, type TriggerCallOptions } from './features/triggers/trigger-call-routes';
import { registerTriggerRoutes } from './features/triggers/trigger-routes';
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './features/webhooks/delivery-worker';
import { registerWebhookRoutes } from './features/webhooks/webhook-routes';
import { createSdkFastLane } from './fast-paths/sdk-fast-lane';
import { DEFAULT_ADMIN_DIR, registerAdminUi } from './http/admin-ui';
import { isDatabaseUnavailable } from './errors/database-unavailable';
import { frameworkErrors, installErrorHandling } from './http/error-handler';
import { createRateLimits, NO_RATE_LIMITS, type RateLimitOptions } from './http/rate-limits';
import { answerClientError } from './http/client-errors';
import { registerContract } from './http/contract';
import { watchConnections } from './http/connection-metrics';
import { drainOnClose } from './http/drain';
import { DEFAULT_HTTP_LIMITS, httpServerWith, type HttpLimits } from './http/http-server';
import { trustProxyOption } from './http/trust-proxy';
import { rejectUnexpectedQuery } from './http/unexpected-query';
import type { Services } from './services';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  stream?: Partial<StreamOptions>;
  /** Caps on admin event streams; `heartbeatMs` also sets how often their credentials are re-checked. */
  events?: Partial<EventStreamLimits> & { heartbeatMs?: number };
  /** Sign-in and write rate limits (see createRateLimits); none unless given. */
  rateLimits?: Partial<RateLimitOptions>;
  /** Whose X-Forwarded-For to believe for the client's address (`TRUST_PROXY`); default none. */
  trustProxy?: false | number | string[];
  /** Timeouts and the connection cap of the listening server (see HttpLimits). */
  http?: Partial<HttpLimits>;
  /** The built admin UI to serve at `/` (default: apps/admin/dist; skipped when not built). */
  adminDir?: string | false;
  /**
   * How changes reach other replicas: `redisUrl` for Redis pub/sub (with database catch-up while it
   * is down), `poll` for database polling alone. Neither: a single process.
   */
  fanout?: { redisUrl?: string; poll?: boolean; catchUpMs?: number };
  /** The release-plan scheduler: its tick, and whether it runs on a timer (default true; tests drive `app.releaseScheduler.tickAll()`). */
  releases?: Partial<ReleaseSchedulerOptions> & { timer?: boolean };
  /** How often scheduled change requests are looked for (default 5 s); false: never (tests call `runDue` themselves). */
  schedulerIntervalMs?: number | false;
  /** Trigger calls: per-trigger rate limit and how long an answer waits for the change to land. */
  triggers?: Partial<TriggerCallOptions>;
  /** Deliver webhooks from this process (main.ts does; tests that want deliveries ask for it). None unless given. */
  webhookDelivery?: Partial<DeliveryWorkerOptions> | false;
  /** The OpenFeature Remote Evaluation Protocol's CORS origins, event stream token window and counts (docs/ofrep.md). */
  ofrep?: Partial<OfrepOptions>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every streaming connection of this server. */
    hub: StreamHub;
    /** How changes reach and arrive from other replicas. */
    fanout: Fanout;
    /** Drives every running release plan. */
    releaseScheduler: ReleaseScheduler;
    /** This process's webhook delivery worker, when it runs one (AppOptions.webhookDelivery). */
    webhookDelivery?: DeliveryWorker;
  }
}

/** Builds the HTTP app around its services, without listening: tests use `inject()`. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const fastLane = createSdkFastLane(services);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    serverFactory: httpServerWith(fastLane, { ...DEFAULT_HTTP_LIMITS, ...options.http }),
    clientErrorHandler: answerClientError,
    trustProxy: trustProxyOption(options.trustProxy),
    frameworkErrors,
  });
  watchConnections(app.server, services.metrics);
  drainOnClose(app);
  installErrorHandling(app);
  await registerContract(app);
  const streamOptions = { ...DEFAULT_STREAM_OPTIONS, ...options.stream };
  const hub = new StreamHub({
    ...services,
    options: streamOptions,
    onSummary: (envKey, summary) => {
      services.evaluations.record(envKey, summary).catch((err: unknown) => app.log.warn({ err }, 'could not record an evaluation summary'));
      if (summary.signals?.length) services.releases.recordSignals(envKey, summary.signals).catch((err: unknown) => app.log.warn({ err }, 'could not record tracked signals'));
    },
  });
  app.decorate('hub', hub);
  services.keyRevoked.subscribe((keyId) => hub.closeKey(keyId));
  const onRefused = (limit: string) => services.metrics.eventStreamsRefused.inc({ limit });
  const eventStreams = new EventStreams(services.feed, { ...DEFAULT_EVENT_STREAM_LIMITS, ...options.events }, onRefused);
  services.keyRevoked.subscribe((keyId) => eventStreams.closeKey(keyId));
  services.sessionEnded.subscribe((sessionHash) => eventStreams.closeSession(sessionHash));
  services.changeRequestMoved.subscribe((event) => eventStreams.announce('change-request', event));
  services.metrics.countEventStreamsWith(() => eventStreams.size);
  // Before the WebSocket plugin's own close: SDKs get `goaway` and reconnect elsewhere; admin
  // event streams end, or closing the server would wait for them for ever.
  app.addHook('preClose', async () => {
    fastLane.close();
    hub.shutdown();
    eventStreams.shutdown();
  });
  const catchUpMs = options.fanout?.catchUpMs ?? 1_000;
  const { keyCache } = services;
  const { streams: ofrepStreams, keyRevoked: ofrepKeyRevoked } = await registerOfrep(
    app,
    {
      db: services.db,
      authenticateSdk: services.authenticateSdk,
      feed: services.feed,
      hub,
      streamOptions,
      recordSummary: (envKey, counters) => services.evaluations.record(envKey, { counters }).catch((err: unknown) => app.log.warn({ err }, 'could not record OFREP evaluation counts')),
      onRefused: (limit) => services.metrics.ofrepStreamsRefused.inc({ limit }),
    },
    { ...DEFAULT_OFREP_OPTIONS, ...options.ofrep },
  );
  services.keyRevoked.subscribe(ofrepKeyRevoked);
  services.metrics.countOfrepStreamsWith(() => ofrepStreams.size);
  const caches: ReplicaCaches = {
    keyRevoked: (keyId) => {
      keyCache.forgetKey(keyId);
      eventStreams.closeKey(keyId);
      ofrepKeyRevoked(keyId);
    },
    changed: (change) => services.ruleSets.announce(change),
    resync: () => keyCache.expireAll(),
  };
  const fanout = options.fanout?.redisUrl
    ? createRedisFanout({
        url: options.fanout.redisUrl,
        deployment: await services.deployment.identity(),
        onRefused: (reason) => services.metrics.fanoutRefused.inc({ reason }),
        hub,
        feed: services.feed,
        keyRevoked: services.keyRevoked,
        catchUpMs,
        log: app.log,
        caches,
      })
    : options.fanout?.poll
      ? createPollingFanout(hub, catchUpMs, caches)
      : SINGLE_PROCESS;
  // A request that found the database unreachable: SDK rule sets re-check it (and get marked stale) from the next request on.
  app.addHook('onError', async (_req, _reply, err) => {
    if (isDatabaseUnavailable(err)) services.ruleSets.recheckAll();
  });
  app.decorate('fanout', fanout);
  app.addHook('onClose', async () => fanout.close());
  // Audit checkpoints while the app runs, and a last one as it closes (before the database does).
  const stopCheckpoints = services.audit.startCheckpoints();
  app.addHook('onClose', stopCheckpoints);
  const releaseScheduler = createReleaseScheduler({
    releases: services.releases,
    delivery: (envKey, version) => hub.delivery(envKey, version),
    options: options.releases,
    pruneUsage: () => services.evaluations.pruneDays(),
    onError: (err) => app.log.warn({ err }, 'a release plan tick failed'),
  });
  app.decorate('releaseScheduler', releaseScheduler);
  if (options.releases?.timer !== false) app.addHook('onReady', async () => releaseScheduler.start());
  app.addHook('preClose', async () => releaseScheduler.stop());
  // Scheduled change requests: looked for from start (those due while no replica ran are applied or fail closed now).
  if (options.schedulerIntervalMs !== false) {
    const stopScheduler = services.changeRequests.startScheduler(options.schedulerIntervalMs ?? 5_000, (err) => app.log.warn({ err }, 'scheduled change requests: a pass failed; retried on the next'));
    app.addHook('preClose', stopScheduler);
  }
  registerHealthRoutes(app, { pingDatabase: () => services.db.ping(), fanout });
  if (options.adminDir !== false) await registerAdminUi(app, options.adminDir ?? DEFAULT_ADMIN_DIR);
  registerSdkRoutes(app, services);
  registerMigrationSdkRoutes(app, services);
  const { metrics } = services;
  await registerStreamRoutes(app, {
    hub,
    streamOptions,
    counters: { sent: () => metrics.messagesSent.inc(), opened: () => metrics.connectionsOpened.inc(), refused: (reason) => metrics.streamRefused.inc({ reason }) },
  });
  services.metrics.countConnectionsWith(() => hub.connectionsByKind());
  registerMetricsRoutes(app, services);
  await registerTriggerCallRoutes(app, {
    triggers: services.triggers,
    hub,
    options: { ...DEFAULT_TRIGGER_CALL_OPTIONS, ...options.triggers },
    onLimited: () => services.metrics.rateLimited.inc({ limit: 'trigger' }),
  });
  if (options.webhookDelivery) {
    const worker = startDeliveryWorker({ db: services.db, now: services.now, written: services.webhookDeliveriesWritten, log: app.log, options: options.webhookDelivery });
    app.decorate('webhookDelivery', worker);
    app.addHook('preClose', () => worker.stop());
  }

  const rateLimits = createRateLimits({ ...NO_RATE_LIMITS, ...options.rateLimits }, (limit) => services.metrics.rateLimited.inc({ limit }));
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req) => {
        await authenticateRequest(services.keyCache, services.sessions, req);
      });
      api.addHook('onRequest', rateLimits.checkWrite);
      api.addHook('preValidation', async (req) => rejectUnexpectedQuery(req));
      registerSessionRoutes(api, { ...services, rateLimits });
      registerEnvironmentRoutes(api, services);
      registerFlagRoutes(api, services);
      registerSegmentRoutes(api, services);
      registerPlanRoutes(api, services);
      registerReleaseRoutes(api, services);
      registerChangeRequestRoutes(api, services);
      registerReviewRoutes(api, services);
      registerKeyRoutes(api, services);
      registerTriggerRoutes(api, services);
      registerWebhookRoutes(api, services);
      registerAuditRoutes(api, services);
      registerDeliveryRoutes(api, { hub, ofrep: ofrepStreams, environments: services.environments });
      registerEvaluationRoutes(api, services);
      registerMigrationRoutes(api, services);
      registerReportRoutes(api, services);
      registerEventRoutes(api, { ...services, eventStreams, heartbeatMs: options.events?.heartbeatMs });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
