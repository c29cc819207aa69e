import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/catalogue';

/** Unknown fields are rejected, in the query too: a route that reads none refuses any. */
export function rejectUnexpectedQuery(req: FastifyRequest): void {
  if (req.routeOptions.config?.query) return;
  const names = Object.keys((req.query ?? {}) as Record<string, unknown>);
  if (names.length === 0) return;
  const details = names.map((name) => ({ path: `query.${name}`, message: 'is not a known field' }));
  throw new AppError('VALIDATION_FAILED', `${details[0]!.path} is not a known field`, details);
}
