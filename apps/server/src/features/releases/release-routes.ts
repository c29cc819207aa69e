import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { flagEnvParams } from '@switchyard/api';
import { createReleaseBody, listReleasesQuery, releaseCommandBody, releaseCommandParams, releaseIdParams } from '@switchyard/api';
import type { ReleaseService } from './release-service';

/** Guarded release plans (docs/release-plans.md). A responder may abort (it kills); the rest needs `edit`. */
export function registerReleaseRoutes(api: FastifyInstance, deps: { releases: ReleaseService }): void {
  const { releases } = deps;

  api.post('/flags/:key/environments/:env/releases', async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    const plan = await releases.create(actor, key, env, parseInput(createReleaseBody, req.body, 'body'));
    return reply.code(201).send(plan);
  });

  api.get('/flags/:key/environments/:env/releases', async (req) => {
    actorFor(req, 'read');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return { items: await releases.list({ flagKey: key, envKey: env }) };
  });

  api.get('/releases', { config: { query: true } }, async (req) => {
    actorFor(req, 'read');
    const q = parseInput(listReleasesQuery, req.query, 'query');
    return { items: await releases.list({ flagKey: q.flag, envKey: q.environment }) };
  });

  api.get('/releases/:id', async (req) => {
    actorFor(req, 'read');
    const { id } = parseInput(releaseIdParams, req.params, 'params');
    return releases.get(id);
  });

  api.post('/releases/:id/:command', async (req) => {
    const { id, command } = parseInput(releaseCommandParams, req.params, 'params');
    const actor = actorFor(req, command === 'abort' ? 'kill' : 'edit');
    const body = parseInput(releaseCommandBody, req.body ?? undefined, 'body');
    return releases.command(actor, id, command, body?.reason ?? null);
  });
}
