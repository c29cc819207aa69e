import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerOf, findLiveKey } from '../../features/auth/authenticate';
import { actorFor } from '../../features/auth/guard';
import type { KeyCache } from '../../features/auth/key-cache';
import { hashSecret } from '../../features/auth/secrets';
import { readCookie, SESSION_COOKIE } from '../../features/session/cookies';
import type { SessionService } from '../../features/session/session-service';
import type { EventStreamSink, EventStreams } from './event-streams';

export const EVENT_HEARTBEAT_MS = 15_000;

export interface EventRouteDeps {
  keyCache: KeyCache;
  sessions: SessionService;
  eventStreams: EventStreams;
  /** How often a comment is sent and the stream's credentials are checked again (tests shorten it). */
  heartbeatMs?: number;
}

/**
 * Server-sent events for open admin pages: one `change` event per committed change (environment,
 * version, kind, key, op) — never the content, which pages fetch with their own permissions.
 * A stream lives no longer than what opened it: revoking the token or signing the session out ends
 * it at once on this replica (and on the others through Redis, for a revocation); every heartbeat
 * checks the credentials again, which bounds everything else (another replica, an expired session).
 */
export function registerEventRoutes(api: FastifyInstance, deps: EventRouteDeps): void {
  const heartbeatMs = deps.heartbeatMs ?? EVENT_HEARTBEAT_MS;
  api.get('/events', (req, reply) => {
    const actor = actorFor(req, 'read');
    const keyId = actor.keyId!; // an /api actor is always a token
    deps.eventStreams.admit(keyId);
    const credentials = credentialsOf(req);
    const stillValid = credentials.bearer
      ? async () => (await findLiveKey(deps.keyCache, credentials.bearer, 'admin')) !== undefined
      : async () => (await deps.sessions.resolve(credentials.sessionId!)) !== undefined;

    reply.hijack();
    const res = reply.raw;
    // `connection: close`: once the server ends the stream, the connection goes with it.
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'close', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const sink: EventStreamSink = {
      keyId,
      sessionHash: credentials.sessionId === undefined ? undefined : hashSecret(credentials.sessionId),
      write: (text) => void res.write(text),
      end: (reason) => res.end(`event: close\ndata: ${JSON.stringify({ reason })}\n\n`),
    };
    const remove = deps.eventStreams.add(sink);
    const heartbeat = setInterval(() => {
      res.write(': heartbeat\n\n');
      // A database that cannot be reached keeps the stream: only a known "no" ends it.
      stillValid().then((ok) => ok || deps.eventStreams.expire(sink), () => undefined);
    }, heartbeatMs);
    // The client went away (a closed tab): let go of the connection too, or a half-closed socket
    // would stay open for ever, since nothing is written to it any more.
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      remove();
      res.destroy();
    });
  });
}

/** The credentials the request was authenticated with (see authenticateRequest: a bearer token wins over a cookie). */
function credentialsOf(req: FastifyRequest): { bearer: string; sessionId?: undefined } | { bearer?: undefined; sessionId: string } {
  const bearer = req.headers.authorization !== undefined ? bearerOf(req) : undefined;
  if (bearer !== undefined) return { bearer };
  return { sessionId: readCookie(req.headers.cookie, SESSION_COOKIE)! };
}
