import type { FastifyRequest } from 'fastify';
import type { ApiKeyRecord, KeyKind } from '../../db/records';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';
import type { Actor } from './actor';
import { ROLE_PERMISSIONS, type Permission } from './permissions';
import { hashSecret } from './secrets';

const BEARER = /^Bearer ([A-Za-z0-9_\-]{8,200})$/;

/** The bearer secret of a request, or undefined when there is none or it is malformed. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * The key record for a secret. The last answer per secret is remembered so that, while the database
 * cannot be reached, SDKs still authenticate and get their last known rules; no key can be revoked
 * meanwhile, because no write can be made.
 */
const lastKnown = new WeakMap<Database, Map<string, ApiKeyRecord | undefined>>();
const LAST_KNOWN_LIMIT = 10_000;

export async function findKeyRecord(db: Database, secret: string): Promise<ApiKeyRecord | undefined> {
  const hash = hashSecret(secret);
  let known = lastKnown.get(db);
  if (!known) lastKnown.set(db, (known = new Map()));
  try {
    const key = await db.read((s) => s.keys.findByHash(hash));
    if (known.size >= LAST_KNOWN_LIMIT) known.clear();
    if (key) known.set(hash, key);
    else known.delete(hash);
    return key;
  } catch (err) {
    if (isDatabaseUnavailable(err) && known.has(hash)) return known.get(hash);
    throw err;
  }
}

/** Looks a secret up among live keys of the given kind. */
export async function findLiveKey(db: Database, secret: string | undefined, kind: KeyKind): Promise<ApiKeyRecord | undefined> {
  if (secret === undefined) return undefined;
  const key = await findKeyRecord(db, secret);
  if (!key || key.kind !== kind || key.revokedAt !== null) return undefined;
  return key;
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
