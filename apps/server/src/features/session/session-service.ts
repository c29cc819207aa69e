import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { findLiveKey } from '../auth/authenticate';
import type { KeyCache } from '../auth/key-cache';
import { hashSecret } from '../auth/secrets';
import type { Signal } from '../../infra/signal';

export const SESSION_TTL_SECONDS = 12 * 3600;

export interface SessionInfo {
  actor: Pick<Actor, 'name' | 'role'>;
  csrfToken: string;
}

/**
 * Admin UI sessions: signing in with an admin token gives an httpOnly cookie holding a random id
 * (stored hashed) and a CSRF token the UI sends back on every mutation. A session lives no longer
 * than its token: revoking the token ends it. `ended` hears of each sign-out (the session id's hash).
 */
export function createSessionService(deps: { db: Database; keyCache: KeyCache; audit: AuditService; now: () => Date; ended?: Signal<string> }) {
  const { db, keyCache, audit, now, ended } = deps;

  return {
    async signIn(token: string): Promise<SessionInfo & { sessionId: string }> {
      const key = await findLiveKey(keyCache, token, 'admin');
      if (!key || key.role === null) throw new AppError('UNAUTHENTICATED', 'That admin token is unknown or revoked.');
      const actor: Actor = { name: key.name, keyId: key.id, role: key.role };
      const sessionId = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const at = now();
      await db.transaction(async (tx) => {
        await tx.sessions.deleteExpired(at.toISOString());
        await tx.sessions.insert({
          idHash: hashSecret(sessionId),
          keyId: key.id,
          csrfToken,
          createdAt: at.toISOString(),
          expiresAt: new Date(at.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
        });
        await audit.record(tx, actor, { action: 'session.create', resource: 'session', targetKey: key.id });
      });
      return { sessionId, csrfToken, actor: { name: actor.name, role: actor.role } };
    },

    /** The actor and CSRF token of a live session, or undefined. */
    async resolve(sessionId: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
      return db.read(async (s) => {
        const session = await s.sessions.get(hashSecret(sessionId));
        if (!session || session.expiresAt <= now().toISOString()) return undefined;
        const key = await s.keys.get(session.keyId);
        if (!key || key.revokedAt !== null || key.role === null) return undefined;
        return { actor: { name: key.name, keyId: key.id, role: key.role }, csrfToken: session.csrfToken };
      });
    },

    async signOut(sessionId: string, actor: Actor): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.sessions.delete(hashSecret(sessionId));
        // Event streams opened with the session are ended once the sign-out is committed.
        tx.afterCommit(() => ended?.publish(hashSecret(sessionId)));
        await audit.record(tx, actor, { action: 'session.delete', resource: 'session', targetKey: actor.keyId });
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
