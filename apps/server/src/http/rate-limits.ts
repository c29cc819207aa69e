import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/catalogue';
import { addressKey, KeyedRateLimiter } from './rate-limiter';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: requests to this route never spend the token's write allowance (kill, sign-out). */
    writeLimit?: boolean;
  }
}

/** Per minute, per process; 0 turns a limit off. Each key may also spend its whole minute at once. */
export interface RateLimitOptions {
  /** Sign-in attempts that fail, per source address (a /64 for IPv6). */
  signInFailuresPerMinute: number;
  /** Writes (any /api request but GET, HEAD and OPTIONS) per admin token, its sessions included. */
  writesPerMinute: number;
}

/** The settings' defaults (README); `buildApp` applies none unless given (tests make many writes). */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = { signInFailuresPerMinute: 10, writesPerMinute: 600 };
export const NO_RATE_LIMITS: RateLimitOptions = { signInFailuresPerMinute: 0, writesPerMinute: 0 };

export type RateLimitName = 'sign-in' | 'writes' | 'trigger';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The admin API's rate limits, answered 429 `RATE_LIMITED` with `Retry-After`.
 * - Sign-in: failed attempts per source address (`req.ip`, which honours TRUST_PROXY). Every attempt
 *   spends one up front — so a burst of concurrent guesses is limited too — and a successful one gets
 *   it back, so people signing in are never slowed by it.
 * - Writes per admin token, so a runaway script cannot flood the audit log and every SDK. A kill
 *   never spends or waits for this allowance (route `config.writeLimit: false`): a responder's
 *   earlier writes must not stop their kill in an incident. A kill writes nothing when the flag is
 *   already killed, and each further kill needs a restore, which is limited.
 */
export function createRateLimits(options: RateLimitOptions, onLimited: (limit: RateLimitName) => void = () => undefined) {
  const signIn = options.signInFailuresPerMinute > 0 ? new KeyedRateLimiter(options.signInFailuresPerMinute) : undefined;
  const writes = options.writesPerMinute > 0 ? new KeyedRateLimiter(options.writesPerMinute) : undefined;

  const refuse = (reply: FastifyReply, limit: RateLimitName, retryAfterSeconds: number, message: string): never => {
    onLimited(limit);
    reply.header('retry-after', String(retryAfterSeconds));
    throw new AppError('RATE_LIMITED', `${message} Retry in ${retryAfterSeconds} s.`, { limit, retryAfterSeconds });
  };

  return {
    /** An /api onRequest hook, after authentication: spends one of the token's writes. */
    async checkWrite(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const keyId = req.actor?.keyId;
      if (!writes || SAFE_METHODS.has(req.method) || req.routeOptions.config?.writeLimit === false || !keyId) return;
      const r = writes.take(keyId);
      if (!r.ok) refuse(reply, 'writes', r.retryAfterSeconds, `This token made more than ${options.writesPerMinute} changes in a minute.`);
    },

    /** Spends one sign-in attempt of the request's source address; `succeeded()` gives it back. */
    signInAttempt(req: FastifyRequest, reply: FastifyReply): { succeeded(): void } {
      if (!signIn) return { succeeded: () => undefined };
      const key = addressKey(req.ip);
      const r = signIn.take(key);
      if (!r.ok) refuse(reply, 'sign-in', r.retryAfterSeconds, `Too many failed sign-ins from your address (${options.signInFailuresPerMinute} a minute).`);
      return { succeeded: () => signIn.refund(key) };
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
