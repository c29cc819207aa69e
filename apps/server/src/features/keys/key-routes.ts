import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { createKeyBody, keyIdParams, revokeKeyBody } from '@switchyard/api';
import type { KeyService } from './key-service';

export function registerKeyRoutes(api: FastifyInstance, deps: { keys: KeyService }): void {
  const { keys } = deps;

  api.get('/keys', async (req) => {
    actorFor(req, 'admin');
    return { items: await keys.list() };
  });

  /** The answer holds the secret: the only time it is ever shown. */
  api.post('/keys', async (req, reply) => {
    const actor = actorFor(req, 'admin');
    const created = await keys.create(actor, parseInput(createKeyBody, req.body, 'body'));
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  api.post('/keys/:id/revoke', async (req) => {
    const actor = actorFor(req, 'admin');
    const { id } = parseInput(keyIdParams, req.params, 'params');
    return keys.revoke(actor, id, parseInput(revokeKeyBody, req.body, 'body').reason);
  });
}
