import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/catalogue';
import type { RateLimits } from '../../http/rate-limits';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies';
import { SESSION_TTL_SECONDS, type SessionService } from './session-service';

const signInBody = z.strictObject({ token: z.string().min(1, 'is required').max(300) });

/** Sign-in is public; the other session routes need the session itself. */
export function registerSessionRoutes(api: FastifyInstance, deps: { sessions: SessionService; rateLimits?: RateLimits }): void {
  const { sessions } = deps;

  api.post('/session', { config: { public: true } }, async (req, reply) => {
    const attempt = deps.rateLimits?.signInAttempt(req, reply);
    const { token } = parseInput(signInBody, req.body, 'body');
    const session = await sessions.signIn(token);
    attempt?.succeeded();
    reply.header('set-cookie', sessionCookie(session.sessionId, SESSION_TTL_SECONDS, req.protocol === 'https'));
    return { actor: session.actor, csrfToken: session.csrfToken };
  });

  api.get('/session', async (req) => {
    const actor = actorFor(req, 'read');
    if (req.csrfToken === undefined) throw new AppError('UNAUTHENTICATED', 'No session: sign in first.');
    return { actor: { name: actor.name, role: actor.role }, csrfToken: req.csrfToken };
  });

  // Signing out ends access: it never waits for the token's write allowance.
  api.delete('/session', { config: { writeLimit: false } }, async (req, reply) => {
    const actor = actorFor(req, 'read');
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (id === undefined || req.csrfToken === undefined) throw new AppError('UNAUTHENTICATED', 'No session: sign in first.');
    await sessions.signOut(id, actor);
    reply.header('set-cookie', sessionCookie('', 0, req.protocol === 'https'));
    return reply.code(204).send();
  });
}
