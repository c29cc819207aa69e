import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/stores';
import { sourceOf } from '../streaming/source-address';
import type { OfrepHub } from './ofrep-hub';
import type { OfrepCors } from './ofrep-cors';
import { OfrepError } from './ofrep-request';
import { refetchEvent, type OfrepStreamRefusal, type OfrepStreams, type OfrepStreamSink } from './ofrep-streams';
import { readStreamToken, verifyStreamToken, windowAt } from './stream-token';

export interface OfrepEventDeps {
  db: Database;
  hub: OfrepHub;
  streams: OfrepStreams;
  cors: OfrepCors;
  tokenWindowMs: number;
  now: () => number;
  onRefused?: (limit: OfrepStreamRefusal) => void;
}

const refused = (status: number, errorDetails: string, headers: Record<string, string> = {}) => new OfrepError(status, { errorCode: 'GENERAL', errorDetails }, headers);

/** What a reconnecting EventSource says it saw last: an environment version. */
function lastEventIdOf(header: string | string[] | undefined): number | undefined {
  return typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

/**
 * `GET /ofrep/v1/events?token=…`: the event stream a bulk answer advertises (ADR-0008). It carries
 * no flag data, only `refetchEvaluation` events whose id is the environment version, so that a
 * reconnecting EventSource's Last-Event-ID resumes without a gap (an older id gets one event at once).
 * Opened with a stream token (see issueStreamToken), never an SDK key; counted against the same
 * limits as the WebSocket stream; ended when the key is revoked, the token expires, or the server
 * shuts down (the provider re-fetches, which renews the token).
 */
export function registerOfrepEventRoutes(app: FastifyInstance, deps: OfrepEventDeps): void {
  // Logged at warn and above only: the URL carries the token, which must not reach the request log (ADR-0008).
  app.get<{ Querystring: Record<string, unknown> }>('/ofrep/v1/events', { logLevel: 'warn' }, async (req, reply) => {
    const token = req.query.token;
    const read = typeof token === 'string' ? readStreamToken(token) : undefined;
    if (read === undefined) throw refused(401, 'query.token is missing or malformed: open the event stream a bulk evaluation advertised.');
    const key = await deps.db.read((s) => s.keys.get(read.keyId));
    if (key === undefined || key.revokedAt !== null || key.envKey === null || (key.kind !== 'server' && key.kind !== 'client')) throw refused(401, 'query.token is not valid: its key is unknown or revoked.');
    deps.cors.checkKey(req, reply, key);
    const verdict = verifyStreamToken(read, key.hash, deps.now(), deps.tokenWindowMs);
    if (verdict !== 'valid') throw refused(401, `query.token is ${verdict === 'expired' ? 'expired' : 'not valid'}: evaluate the flags again for a new event stream.`);
    const state = await deps.hub.environment(key.envKey);

    const res = reply.raw;
    const sink: OfrepStreamSink = {
      keyId: key.id,
      kind: key.kind,
      envKey: key.envKey,
      provider: `${key.id}.${read.target}`,
      source: sourceOf(req.ip),
      window: read.window,
      renewalSent: false,
      write: (text) => void res.write(text),
      end: () => res.end(),
    };
    const refusal = deps.streams.admit(sink);
    if (refusal) deps.onRefused?.(refusal);
    if (refusal) throw refused(429, `The event stream was refused: ${refusal}. Retry later.`, { 'retry-after': '5' });

    reply.hijack();
    // `connection: close`: once the server ends the stream, the connection goes with it.
    res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'close', 'x-accel-buffering': 'no' });
    // Reconnections spread over a few seconds, so a restarted replica is not hit by every provider at once.
    let first = `retry: ${1_000 + Math.floor(Math.random() * 4_000)}\n\n`;
    const seen = lastEventIdOf(req.headers['last-event-id']) ?? deps.streams.lastFetched(sink.provider);
    // Missed a change (or nothing known of it): one event at once. Current: only the id, which sets
    // the EventSource's Last-Event-ID without dispatching anything.
    first += seen === undefined || seen < state.version ? refetchEvent(state.version, Math.floor(deps.now() / 1000)) : `id: ${state.version}\n\n`;
    res.write(first);
    req.raw.on('close', () => {
      deps.streams.remove(sink);
      res.destroy();
    });
  });
}

/**
 * Every `heartbeatMs`, each open event stream gets a comment (proxies keep it open, providers see
 * it alive) and its token is checked: from the window after the one it was issued in, the provider
 * is told once to re-fetch (its answer carries a renewed URL, and the provider reconnects with it);
 * once the token has expired, the stream ends.
 */
export function startOfrepHeartbeat(deps: Pick<OfrepEventDeps, 'hub' | 'streams' | 'tokenWindowMs' | 'now'>, heartbeatMs: number): () => void {
  const timer = setInterval(() => {
    const nowMs = deps.now();
    const window = windowAt(nowMs, deps.tokenWindowMs);
    for (const sink of deps.streams.all()) {
      if (sink.window < window - 1) {
        deps.streams.end(sink);
        continue;
      }
      let text = ': heartbeat\n\n';
      if (sink.window < window && !sink.renewalSent) {
        const state = deps.hub.environment(sink.envKey);
        if (!(state instanceof Promise)) {
          sink.renewalSent = true;
          text += refetchEvent(state.version, Math.floor(nowMs / 1000));
        }
      }
      sink.write(text);
    }
  }, heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}
