import type { EvaluationContext } from '@switchyard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SdkAuthenticator } from '../auth/authenticate-sdk';
import { sourceOf } from '../streaming/source-address';
import type { EnvironmentState } from '../streaming/environment-state';
import type { OfrepHub } from './ofrep-hub';
import type { FlagFactsCache } from './flag-facts';
import type { OfrepCors } from './ofrep-cors';
import { authenticateOfrep, type OfrepKey } from './ofrep-auth';
import { bulkEtag, targetingHash, versionOfEtag } from './ofrep-etag';
import { contextOf, OfrepError } from './ofrep-request';
import type { OfrepStreams } from './ofrep-streams';
import type { OfrepSummaries } from './ofrep-summaries';
import { ofrepAnswer } from './ofrep-answers';
import { failureStatus, isFailure, notFound, type FlagFacts, type OfrepBulkSuccess, type OfrepEventStream } from './ofrep-wire';
import { issueStreamToken, windowAt } from './stream-token';

export interface OfrepEvaluateDeps {
  authenticateSdk: SdkAuthenticator;
  hub: OfrepHub;
  facts: FlagFactsCache;
  streams: OfrepStreams;
  summaries: OfrepSummaries;
  cors: OfrepCors;
  /** Event stream tokens: their window, and the inactivity delay advertised with them. */
  tokenWindowMs: number;
  inactivityDelaySec: number;
  now: () => number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sync when every part is, else a promise: the warm path takes no asynchronous hop. */
function then<T, U>(value: T | Promise<T>, next: (v: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * `POST /ofrep/v1/evaluate/flags/{key}` and `POST /ofrep/v1/evaluate/flags` (OFREP 0.3): the
 * environment's state the WebSocket hub keeps current (the one evaluator of this server), the SDK
 * key cache, and the browser stream's rules — a client key sees client-side flags only, values only,
 * and is limited per source like a browser's contexts.
 */
export function registerOfrepEvaluateRoutes(app: FastifyInstance, deps: OfrepEvaluateDeps): void {
  const { hub, streams, summaries } = deps;

  /** A client key's request spends one of its source's contexts, as a browser's hello or identify does. */
  const spendContext = (req: FastifyRequest, key: OfrepKey, flagKey?: string): void => {
    if (key.kind !== 'client' || hub.sourceLimits.takeContext(sourceOf(req.ip))) return;
    throw new OfrepError(429, { ...(flagKey === undefined ? {} : { key: flagKey }), errorCode: 'GENERAL', errorDetails: 'Too many evaluation contexts from your network address; retry after the delay.' }, { 'retry-after': '1' });
  };

  const single = (_req: FastifyRequest, reply: FastifyReply, key: OfrepKey, flagKey: string, context: EvaluationContext, state: EnvironmentState, facts: Map<string, FlagFacts>) => {
    const flag = state.flag(flagKey);
    const visible = flag !== undefined && (key.kind === 'server' || flag.clientSide);
    if (!visible) return void reply.code(404).header('content-type', JSON_TYPE).send(JSON.stringify(notFound(flagKey)));
    const entry = ofrepAnswer(flag, flagKey, state.evaluator.evaluate(flagKey, context), facts.get(flagKey));
    summaries.count(key.envKey, flagKey, entry.variant);
    reply.code(isFailure(entry.answer) ? failureStatus(entry.answer) : 200).header('content-type', JSON_TYPE).send(entry.json);
  };

  app.post<{ Params: { key: string } }>('/ofrep/v1/evaluate/flags/:key', (req, reply) => {
    const flagKey = req.params.key;
    return then(authenticateOfrep(deps.authenticateSdk, req.headers, flagKey), (key) => {
      deps.cors.checkKey(req, reply, key);
      spendContext(req, key, flagKey);
      const context = contextOf(req.body, flagKey);
      return then(hub.environment(key.envKey), (state) =>
        then(deps.facts.current(), (facts) => {
          single(req, reply, key, flagKey, context, state, facts);
          return undefined;
        }),
      );
    });
  });

  const bulk = (req: FastifyRequest, reply: FastifyReply, key: OfrepKey, context: EvaluationContext, state: EnvironmentState, facts: Map<string, FlagFacts>) => {
    const window = windowAt(deps.now(), deps.tokenWindowMs);
    const etag = bulkEtag(state.version, key.kind, context, window);
    const target = targetingHash(context);
    streams.fetchedAt(`${key.id}.${target}`, state.version);
    if (req.headers['if-none-match'] === etag) return void reply.code(304).header('etag', etag).header('cache-control', 'no-cache').send();
    const keys = key.kind === 'client' ? state.clientFlagKeys() : state.evaluator.keys();
    const parts: string[] = [];
    for (const flagKey of keys) {
      const flag = state.flag(flagKey);
      if (flag === undefined) continue;
      const entry = ofrepAnswer(flag, flagKey, state.evaluator.evaluate(flagKey, context), facts.get(flagKey));
      summaries.count(key.envKey, flagKey, entry.variant);
      parts.push(entry.json);
    }
    const token = issueStreamToken({ keyId: key.id, target, window }, key.hash);
    // A path on the provider's own OFREP origin: right behind any proxy, whatever its public name.
    const eventStream: OfrepEventStream = {
      type: 'sse',
      endpoint: { requestUri: `/ofrep/v1/events?token=${encodeURIComponent(token)}` },
      inactivityDelaySec: deps.inactivityDelaySec,
    };
    const rest: Omit<OfrepBulkSuccess, 'flags'> = { metadata: { environment: key.envKey, version: state.version }, eventStreams: [eventStream] };
    const body = `{"flags":[${parts.join(',')}],${JSON.stringify(rest).slice(1)}`;
    reply.code(200).header('etag', etag).header('cache-control', 'no-cache').header('content-type', JSON_TYPE).send(body);
  };

  app.post<{ Querystring: Record<string, unknown> }>('/ofrep/v1/evaluate/flags', (req, reply) =>
    then(authenticateOfrep(deps.authenticateSdk, req.headers), (key) => {
      deps.cors.checkKey(req, reply, key);
      spendContext(req, key);
      const context = contextOf(req.body);
      // A re-fetch an event asked for, naming a version this replica has not applied yet (its change
      // came through another replica): catch up from the change log before answering.
      const wanted = typeof req.query.flagConfigEtag === 'string' ? versionOfEtag(req.query.flagConfigEtag) : undefined;
      const ready = then(hub.environment(key.envKey), (state) => (wanted !== undefined && wanted > state.version ? hub.catchUp(key.envKey).then(() => state) : state));
      return then(ready, (state) =>
        then(deps.facts.current(), (facts) => {
          bulk(req, reply, key, context, state, facts);
          return undefined;
        }),
      );
    }),
  );
}
