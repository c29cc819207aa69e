import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { createTriggerBody, triggerIdParams, triggerReasonBody } from '@switchyard/api';
import type { TriggerService } from './trigger-service';

/** The admin API of triggers (admins only): create, list, rotate, disable. */
export function registerTriggerRoutes(api: FastifyInstance, deps: { triggers: TriggerService }): void {
  const { triggers } = deps;

  api.get('/triggers', async (req) => {
    actorFor(req, 'admin');
    return { items: await triggers.list() };
  });

  /** The answer holds the URL and the signing secret: the only time they are ever shown. */
  api.post('/triggers', async (req, reply) => {
    const actor = actorFor(req, 'admin');
    const created = await triggers.create(actor, parseInput(createTriggerBody, req.body, 'body'));
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  api.post('/triggers/:id/rotate', async (req, reply) => {
    const actor = actorFor(req, 'admin');
    const { id } = parseInput(triggerIdParams, req.params, 'params');
    const rotated = await triggers.rotate(actor, id, parseInput(triggerReasonBody, req.body, 'body').reason);
    return reply.header('cache-control', 'no-store').send(rotated);
  });

  api.post('/triggers/:id/disable', async (req) => {
    const actor = actorFor(req, 'admin');
    const { id } = parseInput(triggerIdParams, req.params, 'params');
    return triggers.disable(actor, id, parseInput(triggerReasonBody, req.body, 'body').reason);
  });
}
