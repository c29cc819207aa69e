import { MAX_SERVER_FRAME_BYTES } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { envParams } from '@switchyard/api';
import { createRequestBody, editRequestBody, listRequestsQuery, reasonBody, requestParams, reviewBody, scheduleBody } from '@switchyard/api';
import type { ChangeRequestService } from './change-request-service';

export function registerChangeRequestRoutes(api: FastifyInstance, deps: { changeRequests: ChangeRequestService }): void {
  const { changeRequests } = deps;
  const idOf = (params: unknown) => parseInput(requestParams, params, 'params').id;

  api.get('/change-requests', { config: { query: true } }, async (req) => {
    actorFor(req, 'read');
    const q = parseInput(listRequestsQuery, req.query, 'query');
    return { items: await changeRequests.list({ envKey: q.environment, state: q.state, limit: q.limit }) };
  });

  api.post('/environments/:env/change-requests', { bodyLimit: MAX_SERVER_FRAME_BYTES }, async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const { env } = parseInput(envParams, req.params, 'params');
    return reply.code(201).send(await changeRequests.create(actor, env, parseInput(createRequestBody, req.body, 'body')));
  });

  api.get('/change-requests/:id', async (req) => {
    actorFor(req, 'read');
    return changeRequests.get(idOf(req.params));
  });

  api.patch('/change-requests/:id', { bodyLimit: MAX_SERVER_FRAME_BYTES }, async (req) => {
    const actor = actorFor(req, 'edit');
    return changeRequests.edit(actor, idOf(req.params), parseInput(editRequestBody, req.body, 'body'));
  });

  api.post('/change-requests/:id/submit', async (req) => {
    const actor = actorFor(req, 'edit');
    return changeRequests.submit(actor, idOf(req.params));
  });

  for (const decision of ['approve', 'reject'] as const) {
    api.post(`/change-requests/:id/${decision}`, async (req) => {
      const actor = actorFor(req, 'read'); // the policy's approver roles decide who reviews
      return changeRequests.review(actor, idOf(req.params), decision, parseInput(reviewBody, req.body, 'body'));
    });
  }

  api.post('/change-requests/:id/apply', async (req) => {
    const actor = actorFor(req, 'edit');
    const id = idOf(req.params);
    return changeRequests.apply(actor, id, parseInput(reasonBody, req.body ?? {}, 'body').reason);
  });

  api.post('/change-requests/:id/schedule', async (req) => {
    const actor = actorFor(req, 'edit');
    const id = idOf(req.params);
    return changeRequests.schedule(actor, id, parseInput(scheduleBody, req.body, 'body').at);
  });

  api.post('/change-requests/:id/unschedule', async (req) => {
    const actor = actorFor(req, 'edit');
    return changeRequests.unschedule(actor, idOf(req.params));
  });

  api.post('/change-requests/:id/cancel', async (req) => {
    const actor = actorFor(req, 'edit');
    const id = idOf(req.params);
    return changeRequests.cancel(actor, id, parseInput(reasonBody, req.body ?? {}, 'body').reason);
  });
}
