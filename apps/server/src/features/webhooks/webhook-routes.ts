import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { createWebhookBody, deliveriesQuery, replayWebhookBody, webhookIdParams, webhookReasonBody } from '@switchyard/api';
import type { WebhookService } from './webhook-service';

/** The admin API of webhooks (admins only): subscriptions, their delivery logs, replays. */
export function registerWebhookRoutes(api: FastifyInstance, deps: { webhooks: WebhookService }): void {
  const { webhooks } = deps;

  api.get('/webhooks', async (req) => {
    actorFor(req, 'admin');
    return { items: await webhooks.list() };
  });

  /** The answer holds the signing secret: the only time it is ever shown. */
  api.post('/webhooks', async (req, reply) => {
    const actor = actorFor(req, 'admin');
    const created = await webhooks.create(actor, parseInput(createWebhookBody, req.body, 'body'));
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  api.post('/webhooks/:id/disable', async (req) => {
    const actor = actorFor(req, 'admin');
    const { id } = parseInput(webhookIdParams, req.params, 'params');
    return webhooks.disable(actor, id, parseInput(webhookReasonBody, req.body, 'body').reason);
  });

  api.post('/webhooks/:id/replay', async (req) => {
    const actor = actorFor(req, 'admin');
    const { id } = parseInput(webhookIdParams, req.params, 'params');
    return webhooks.replay(actor, id, parseInput(replayWebhookBody, req.body, 'body'));
  });

  api.get('/webhooks/:id/deliveries', { config: { query: true } }, async (req) => {
    actorFor(req, 'admin');
    const { id } = parseInput(webhookIdParams, req.params, 'params');
    const { before, limit } = parseInput(deliveriesQuery, req.query, 'query');
    return webhooks.deliveries(id, before, limit);
  });
}
