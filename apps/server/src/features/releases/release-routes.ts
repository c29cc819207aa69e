import {
  createReleaseBody,
  flagEnvParams,
  listReleasesQuery,
  releaseCommandBody,
  releaseCommandParams,
  releaseIdParams,
  releasePlanList,
  releasePlanView,
  replaceGatesBody,
} from '@switchyard/api';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answers } from '../../http/contract';
import { actorFor } from '../auth/guard';
import type { ReleaseService } from './release-service';

/** Guarded release plans (docs/release-plans.md). A responder may abort (it kills); the rest needs `edit`. */
export function registerReleaseRoutes(scope: FastifyInstance, deps: { releases: ReleaseService }): void {
  const { releases } = deps;
  const api = scope.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/flags/:key/environments/:env/releases',
    { schema: { params: flagEnvParams, body: createReleaseBody, response: answers(releasePlanView, 201) } },
    async (req, reply) => {
      const actor = actorFor(req, 'edit');
      const plan = await releases.create(actor, req.params.key, req.params.env, req.body);
      return reply.code(201).send(plan);
    },
  );

  api.get('/flags/:key/environments/:env/releases', { schema: { params: flagEnvParams, response: answers(releasePlanList) } }, async (req) => {
    actorFor(req, 'read');
    return { items: await releases.list({ flagKey: req.params.key, envKey: req.params.env }) };
  });

  api.get('/releases', { config: { query: true }, schema: { querystring: listReleasesQuery, response: answers(releasePlanList) } }, async (req) => {
    actorFor(req, 'read');
    return { items: await releases.list({ flagKey: req.query.flag, envKey: req.query.environment }) };
  });

  api.get('/releases/:id', { schema: { params: releaseIdParams, response: answers(releasePlanView) } }, async (req) => {
    actorFor(req, 'read');
    return releases.get(req.params.id);
  });

  api.put('/releases/:id/gates', { schema: { params: releaseIdParams, body: replaceGatesBody, response: answers(releasePlanView) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return releases.replaceGates(actor, req.params.id, req.body);
  });

  api.post('/releases/:id/:command', { schema: { params: releaseCommandParams, body: releaseCommandBody, response: answers(releasePlanView) } }, async (req) => {
    const { id, command } = req.params;
    const actor = actorFor(req, command === 'abort' ? 'kill' : 'edit');
    return releases.command(actor, id, command, req.body?.reason ?? null);
  });
}
