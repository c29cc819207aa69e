import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalogue';
import type { Actor } from './actor';
import { requirePermission } from './authenticate';
import type { Permission } from './permissions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated admin-token actor of an /api request. */
    actor?: Actor;
  }
}

/** The request's actor, once its role is checked for `permission` (403 otherwise). */
export function actorFor(req: FastifyRequest, permission: Permission): Actor {
  const actor = req.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  requirePermission(actor, permission);
  return actor;
}
