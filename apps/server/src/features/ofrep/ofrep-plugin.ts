import type { FastifyError, FastifyInstance } from 'fastify';
import type { SummaryCounter } from '@switchyard/core';
import type { Database } from '../../db/stores';
import type { SdkAuthenticator } from '../auth/authenticate-sdk';
import { AppError } from '../../errors/catalogue';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';
import type { ChangeFeed } from '../changes/change-feed';
import type { OfrepHub } from './ofrep-hub';
import type { StreamOptions } from '../streaming/stream-options';
import { createFlagFacts } from './flag-facts';
import { createKeyOrigins } from './key-origins';
import { registerOfrepCors, type OfrepCorsOrigins } from './ofrep-cors';
import { registerOfrepEvaluateRoutes } from './ofrep-evaluate-routes';
import { registerOfrepEventRoutes, startOfrepHeartbeat } from './ofrep-event-routes';
import { OfrepError } from './ofrep-request';
import { OfrepStreams, type OfrepStreamRefusal } from './ofrep-streams';
import { OFREP_SUMMARY_FLUSH_MS, OfrepSummaries } from './ofrep-summaries';
import type { OfrepFailure } from './ofrep-wire';

export interface OfrepOptions {
  /** Browser origins allowed to call /ofrep/* with any key (`OFREP_CORS_ORIGINS`); default none (client keys may list their own). */
  corsOrigins: OfrepCorsOrigins;
  /** Event stream tokens are issued per window of this length and valid through the next one. */
  tokenWindowMs: number;
  /** Advertised with the event stream: a hidden page closes it after this long. */
  inactivityDelaySec: number;
  /** How often OFREP evaluation counts are written. */
  summaryFlushMs: number;
}

export const DEFAULT_OFREP_OPTIONS: OfrepOptions = { corsOrigins: [], tokenWindowMs: 15 * 60_000, inactivityDelaySec: 120, summaryFlushMs: OFREP_SUMMARY_FLUSH_MS };

export interface OfrepDeps {
  db: Database;
  authenticateSdk: SdkAuthenticator;
  feed: ChangeFeed;
  hub: OfrepHub;
  streamOptions: StreamOptions;
  recordSummary: (envKey: string, counters: SummaryCounter[]) => Promise<void>;
  /** An event stream was refused by a limit (for /metrics). */
  onRefused?: (limit: OfrepStreamRefusal) => void;
  now?: () => number;
}

const FASTIFY_FAILURES: Record<string, { status: number; failure: OfrepFailure }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, failure: { errorCode: 'PARSE_ERROR', errorDetails: 'body is not valid JSON: send {"context": {...}}' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, failure: { errorCode: 'PARSE_ERROR', errorDetails: 'body is empty: send {"context": {...}}' } },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, failure: { errorCode: 'PARSE_ERROR', errorDetails: 'body does not match its Content-Length' } },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, failure: { errorCode: 'PARSE_ERROR', errorDetails: 'body must be sent as application/json' } },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, failure: { errorCode: 'GENERAL', errorDetails: 'body is larger than the server accepts' } },
};

/**
 * The OpenFeature Remote Evaluation Protocol on this server (docs/ofrep.md): evaluation routes,
 * the event stream, CORS, and OFREP's error shape (`{key?, errorCode, errorDetails}`) for every
 * refusal of theirs. Returns the event streams (the kill view counts them) and what a key's revocation does.
 */
export async function registerOfrep(app: FastifyInstance, deps: OfrepDeps, options: OfrepOptions): Promise<{ streams: OfrepStreams; keyRevoked: (keyId: string) => void }> {
  const now = deps.now ?? Date.now;
  const streams = new OfrepStreams(
    { maxConnectionsPerKey: deps.streamOptions.maxConnectionsPerKey, maxConnectionsPerClientKey: deps.streamOptions.maxConnectionsPerClientKey },
    deps.hub.sourceLimits,
    now,
  );
  const summaries = new OfrepSummaries(deps.recordSummary, options.summaryFlushMs);
  const facts = createFlagFacts(deps.db, deps.feed);
  const keyOrigins = createKeyOrigins(deps.db);
  const stopApplied = deps.hub.onApplied((envKey, version) => streams.changed(envKey, version));
  const stopHeartbeat = startOfrepHeartbeat({ hub: deps.hub, streams, tokenWindowMs: options.tokenWindowMs, now }, deps.streamOptions.heartbeatMs);
  app.addHook('preClose', async () => {
    stopApplied();
    stopHeartbeat();
    streams.shutdown();
    facts.close();
  });
  // Before the database closes: the last counts are written.
  app.addHook('onClose', async () => summaries.flush().catch(() => undefined));

  await app.register(async (ofrep) => {
    ofrep.setErrorHandler((err: FastifyError | OfrepError | AppError, req, reply) => {
      const key = (req.params as { key?: unknown } | undefined)?.key;
      const withKey = (failure: OfrepFailure): OfrepFailure => (typeof key === 'string' && failure.key === undefined ? { key, ...failure } : failure);
      if (err instanceof OfrepError) return reply.code(err.status).headers(err.headers).send(withKey(err.failure));
      const mapped = err instanceof AppError ? undefined : err.code ? FASTIFY_FAILURES[err.code] : undefined;
      if (mapped) return reply.code(mapped.status).send(withKey(mapped.failure));
      if (err instanceof SyntaxError) return reply.code(400).send(withKey({ errorCode: 'PARSE_ERROR', errorDetails: `body is not valid JSON: ${err.message}` }));
      if (isDatabaseUnavailable(err)) return reply.code(503).header('retry-after', '2').send(withKey({ errorCode: 'GENERAL', errorDetails: 'The database cannot be reached; retry shortly.' }));
      if (err instanceof AppError && err.status < 500) return reply.code(err.status).send(withKey({ errorCode: 'GENERAL', errorDetails: err.message }));
      if (!(err instanceof AppError) && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
        return reply.code(err.statusCode).send(withKey({ errorCode: 'GENERAL', errorDetails: err.message }));
      req.log.error({ err }, 'OFREP request failed');
      return reply.code(500).send({ errorDetails: 'Internal error.' });
    });
    // JSON.parse, not Fastify's guarded parser: a `__proto__` key stays an own property, which
    // contextOf then refuses naming it (body.context.__proto__) as the browser stream does.
    ofrep.removeContentTypeParser('application/json');
    ofrep.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
      try {
        done(null, text === '' ? undefined : (JSON.parse(text as string) as unknown));
      } catch (err) {
        done(new OfrepError(400, { errorCode: 'PARSE_ERROR', errorDetails: `body is not valid JSON: ${(err as Error).message}` }), undefined);
      }
    });
    const cors = registerOfrepCors(ofrep, options.corsOrigins, keyOrigins);
    registerOfrepEvaluateRoutes(ofrep, { authenticateSdk: deps.authenticateSdk, hub: deps.hub, facts, streams, summaries, cors, tokenWindowMs: options.tokenWindowMs, inactivityDelaySec: options.inactivityDelaySec, now });
    registerOfrepEventRoutes(ofrep, { db: deps.db, hub: deps.hub, streams, cors, tokenWindowMs: options.tokenWindowMs, now, onRefused: deps.onRefused });
  });
  return {
    streams,
    /** A key was revoked (here, or on another replica): its event streams end, its origins stop opening preflights. */
    keyRevoked: (keyId) => {
      streams.closeKey(keyId);
      keyOrigins.forget();
    },
  };
}
