import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { createEnvironmentBody, envParams } from '@switchyard/api';
import type { EnvironmentService } from './environment-service';

export function registerEnvironmentRoutes(api: FastifyInstance, deps: { environments: EnvironmentService }): void {
  const { environments } = deps;

  api.get('/environments', async (req) => {
    actorFor(req, 'read');
    return { items: await environments.list() };
  });

  api.post('/environments', async (req, reply) => {
    const actor = actorFor(req, 'admin');
    return reply.code(201).send(await environments.create(actor, parseInput(createEnvironmentBody, req.body, 'body')));
  });

  api.get('/environments/:env', async (req) => {
    actorFor(req, 'read');
    return environments.get(parseInput(envParams, req.params, 'params').env);
  });
}
