import { createEnvironmentBody, envParams, environmentList, environmentView } from '@switchyard/api';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answers } from '../../http/contract';
import { actorFor } from '../auth/guard';
import type { EnvironmentService } from './environment-service';

export function registerEnvironmentRoutes(scope: FastifyInstance, deps: { environments: EnvironmentService }): void {
  const { environments } = deps;
  const api = scope.withTypeProvider<ZodTypeProvider>();

  api.get('/environments', { schema: { response: answers(environmentList) } }, async (req) => {
    actorFor(req, 'read');
    return { items: await environments.list() };
  });

  api.post('/environments', { schema: { body: createEnvironmentBody, response: answers(environmentView, 201) } }, async (req, reply) => {
    const actor = actorFor(req, 'admin');
    return reply.code(201).send(await environments.create(actor, req.body));
  });

  api.get('/environments/:env', { schema: { params: envParams, response: answers(environmentView) } }, async (req) => {
    actorFor(req, 'read');
    return environments.get(req.params.env);
  });
}
