import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { readCookie, SESSION_COOKIE } from '../session/cookies';
import type { SessionService } from '../session/session-service';
import { authenticateAdmin } from './authenticate';
import type { KeyCache } from './key-cache';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request came with a session cookie: the session's CSRF token. */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials (sign-in). */
    public?: boolean;
    /** Routes that read query parameters (and validate them); every other route refuses any. */
    query?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates an /api request by its bearer admin token or, failing that, its session cookie.
 * Cookie-authenticated mutations must carry the session's CSRF token in `x-csrf-token`: a cookie
 * is sent by the browser on its own, a header only by our UI.
 */
export async function authenticateRequest(keys: KeyCache, sessions: SessionService, req: FastifyRequest): Promise<void> {
  if (req.routeOptions.config?.public) return;
  if (req.headers.authorization !== undefined) {
    req.actor = await authenticateAdmin(keys, req);
    return;
  }
  const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
  const session = sessionId ? await sessions.resolve(sessionId) : undefined;
  if (!session) throw new AppError('UNAUTHENTICATED');
  if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken)
    throw new AppError('FORBIDDEN', 'Missing or wrong x-csrf-token header for a session request.', { reason: 'csrf' });
  req.actor = session.actor;
  req.csrfToken = session.csrfToken;
}
