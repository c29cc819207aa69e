import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import type { FlagConfigService, Outcome } from './flag-config-service';
import {
  archiveBody,
  createFlagBody,
  flagEnvParams,
  flagParams,
  killBody,
  listFlagsQuery,
  toggleBody,
  unarchiveBody,
  updateConfigBody,
  updateFlagBody,
} from '@switchyard/api';
import type { FlagService } from './flag-service';

export function registerFlagRoutes(api: FastifyInstance, deps: { flags: FlagService; configs: FlagConfigService }): void {
  const { flags, configs } = deps;

  api.get('/flags', { config: { query: true } }, async (req) => {
    actorFor(req, 'read');
    return { items: await flags.list(parseInput(listFlagsQuery, req.query, 'query')) };
  });

  api.post('/flags', async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const created = await flags.create(actor, parseInput(createFlagBody, req.body, 'body'));
    return reply.code(201).send(created);
  });

  api.get('/flags/:key', async (req) => {
    actorFor(req, 'read');
    return flags.get(parseInput(flagParams, req.params, 'params').key);
  });

  api.patch('/flags/:key', async (req) => {
    const actor = actorFor(req, 'edit');
    const { key } = parseInput(flagParams, req.params, 'params');
    return flags.update(actor, key, parseInput(updateFlagBody, req.body, 'body'));
  });

  for (const archived of [true, false]) {
    api.post(`/flags/:key/${archived ? 'archive' : 'unarchive'}`, async (req) => {
      const actor = actorFor(req, 'edit');
      const { key } = parseInput(flagParams, req.params, 'params');
      return flags.setArchived(actor, key, archived, parseInput(archived ? archiveBody : unarchiveBody, req.body ?? {}, 'body'));
    });
  }

  api.get('/flags/:key/environments/:env', async (req) => {
    actorFor(req, 'read');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return configs.get(key, env);
  });

  api.patch('/flags/:key/environments/:env', async (req) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return configs.update(actor, key, env, parseInput(updateConfigBody, req.body, 'body'));
  });

  api.post('/flags/:key/environments/:env/toggle', async (req) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return outcomeView(await configs.toggle(actor, key, env, parseInput(toggleBody, req.body, 'body')));
  });

  // A kill is never rate-limited (see createRateLimits): it must land in an incident.
  api.post('/flags/:key/environments/:env/kill', { config: { writeLimit: false } }, async (req) => {
    const actor = actorFor(req, 'kill');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return outcomeView(await configs.kill(actor, key, env, parseInput(killBody, req.body, 'body').reason));
  });

  api.post('/flags/:key/environments/:env/restore', async (req) => {
    const actor = actorFor(req, 'kill');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return outcomeView(await configs.restore(actor, key, env, parseInput(killBody, req.body, 'body').reason));
  });
}

/** A toggle's, kill's or restore's answer: the config, with `changed` (false: it already was so; nothing written). */
function outcomeView(outcome: Outcome) {
  return { ...outcome.config, changed: outcome.changed };
}
