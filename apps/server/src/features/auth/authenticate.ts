import type { FastifyRequest } from 'fastify';
import type { ApiKeyRecord, KeyKind } from '../../db/records';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { Actor } from './actor';
import { keyCacheFor } from './key-cache';
import { ROLE_PERMISSIONS, type Permission } from './permissions';
import { hashSecret } from './secrets';

const BEARER = /^Bearer ([A-Za-z0-9_-]{8,200})$/;

/** The bearer secret of a request, or undefined when there is none or it is malformed. */
export function bearerOf(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * The key record for a secret, from the in-process key cache (see KeyCache): a recently read
 * record is served from memory, anything else is read from the database. While the database
 * cannot be reached, known keys still authenticate with their last record, so SDKs keep getting
 * their last known rules; no key can be revoked meanwhile, because no write can be made.
 */
export function findKeyRecord(db: Database, secret: string): Promise<ApiKeyRecord | undefined> {
  return keyCacheFor(db).find(hashSecret(secret));
}

/** Whether a record is a live key of the given kind. */
function isLive(key: ApiKeyRecord | undefined, kind: KeyKind): key is ApiKeyRecord {
  return key !== undefined && key.kind === kind && key.revokedAt === null;
}

/** Looks a secret up among live keys of the given kind. */
export async function findLiveKey(db: Database, secret: string | undefined, kind: KeyKind): Promise<ApiKeyRecord | undefined> {
  if (secret === undefined) return undefined;
  const key = await findKeyRecord(db, secret);
  return isLive(key, kind) ? key : undefined;
}

/**
 * The same answer as `findLiveKey`, synchronously when the key cache can give it (no secret, or a
 * record read recently), else as a promise: lets hot routes skip an asynchronous hop.
 */
export function findLiveKeyNow(db: Database, secret: string | undefined, kind: KeyKind): ApiKeyRecord | undefined | Promise<ApiKeyRecord | undefined> {
  if (secret === undefined) return undefined;
  const cache = keyCacheFor(db);
  const hash = hashSecret(secret);
  const fresh = cache.peek(hash);
  if (fresh !== undefined) return isLive(fresh, kind) ? fresh : undefined;
  return cache.load(hash).then((key) => (isLive(key, kind) ? key : undefined));
}

/** The actor behind an /api request's admin token; 401 when there is no live admin token. */
export async function authenticateAdmin(db: Database, req: FastifyRequest): Promise<Actor> {
  const key = await findLiveKey(db, bearerOf(req), 'admin');
  if (!key || key.role === null) throw new AppError('UNAUTHENTICATED');
  return { name: key.name, keyId: key.id, role: key.role };
}

/** 403 unless the actor's role grants `permission`. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!ROLE_PERMISSIONS[actor.role].has(permission))
    throw new AppError('FORBIDDEN', `The ${actor.role} role may not ${permission === 'read' ? 'read this' : permission}.`, {
      role: actor.role,
      required: permission,
    });
}
