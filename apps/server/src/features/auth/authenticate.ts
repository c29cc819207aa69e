import type { FastifyRequest } from 'fastify';
import type { ApiKeyRecord, KeyKind } from '../../db/records';
import { AppError } from '../../errors/catalogue';
import type { Actor } from './actor';
import type { KeyCache } from './key-cache';
import { ROLE_PERMISSIONS, type Permission } from './permissions';
import { hashSecret } from './secrets';

const BEARER = /^Bearer ([A-Za-z0-9_-]{8,200})$/;

/** The bearer secret of a request, or undefined when there is none or it is malformed. */
export function bearerOf(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

/** Looks a secret up among live keys of the given kind, in the process's key cache (see KeyCache). */
export async function findLiveKey(keys: KeyCache, secret: string | undefined, kind: KeyKind): Promise<ApiKeyRecord | undefined> {
  if (secret === undefined) return undefined;
  const key = await keys.find(hashSecret(secret));
  return key !== undefined && key.kind === kind && key.revokedAt === null ? key : undefined;
}

/** The actor behind an /api request's admin token; 401 when there is no live admin token. */
export async function authenticateAdmin(keys: KeyCache, req: FastifyRequest): Promise<Actor> {
  const key = await findLiveKey(keys, bearerOf(req), 'admin');
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
