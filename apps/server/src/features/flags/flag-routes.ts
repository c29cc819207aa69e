import {
  archiveBody,
  configOutcome,
  configView,
  createFlagBody,
  flagEnvParams,
  flagList,
  flagParams,
  flagView,
  killBody,
  listFlagsQuery,
  toggleBody,
  unarchiveBody,
  updateConfigBody,
  updateFlagBody,
} from '@switchyard/api';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answers } from '../../http/contract';
import { actorFor } from '../auth/guard';
import type { FlagConfigService, Outcome } from './flag-config-service';
import type { FlagService } from './flag-service';

export function registerFlagRoutes(scope: FastifyInstance, deps: { flags: FlagService; configs: FlagConfigService }): void {
  const { flags, configs } = deps;
  const api = scope.withTypeProvider<ZodTypeProvider>();

  api.get('/flags', { config: { query: true }, schema: { querystring: listFlagsQuery, response: answers(flagList) } }, async (req) => {
    actorFor(req, 'read');
    return { items: await flags.list(req.query) };
  });

  api.post('/flags', { schema: { body: createFlagBody, response: answers(flagView, 201) } }, async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const created = await flags.create(actor, req.body);
    return reply.code(201).send(created);
  });

  api.get('/flags/:key', { schema: { params: flagParams, response: answers(flagView) } }, async (req) => {
    actorFor(req, 'read');
    return flags.get(req.params.key);
  });

  api.patch('/flags/:key', { schema: { params: flagParams, body: updateFlagBody, response: answers(flagView) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return flags.update(actor, req.params.key, req.body);
  });

  api.post('/flags/:key/archive', { schema: { params: flagParams, body: archiveBody.optional(), response: answers(flagView) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return flags.setArchived(actor, req.params.key, true, req.body ?? {});
  });

  api.post('/flags/:key/unarchive', { schema: { params: flagParams, body: unarchiveBody.optional(), response: answers(flagView) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return flags.setArchived(actor, req.params.key, false, req.body ?? {});
  });

  api.get('/flags/:key/environments/:env', { schema: { params: flagEnvParams, response: answers(configView) } }, async (req) => {
    actorFor(req, 'read');
    return configs.get(req.params.key, req.params.env);
  });

  api.patch('/flags/:key/environments/:env', { schema: { params: flagEnvParams, body: updateConfigBody, response: answers(configView) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return configs.update(actor, req.params.key, req.params.env, req.body);
  });

  api.post('/flags/:key/environments/:env/toggle', { schema: { params: flagEnvParams, body: toggleBody, response: answers(configOutcome) } }, async (req) => {
    const actor = actorFor(req, 'edit');
    return outcomeView(await configs.toggle(actor, req.params.key, req.params.env, req.body));
  });

  // A kill is never rate-limited (see createRateLimits): it must land in an incident.
  api.post('/flags/:key/environments/:env/kill', { config: { writeLimit: false }, schema: { params: flagEnvParams, body: killBody, response: answers(configOutcome) } }, async (req) => {
    const actor = actorFor(req, 'kill');
    return outcomeView(await configs.kill(actor, req.params.key, req.params.env, req.body.reason));
  });

  api.post('/flags/:key/environments/:env/restore', { schema: { params: flagEnvParams, body: killBody, response: answers(configOutcome) } }, async (req) => {
    const actor = actorFor(req, 'kill');
    return outcomeView(await configs.restore(actor, req.params.key, req.params.env, req.body.reason));
  });
}

/** A toggle's, kill's or restore's answer: the config, with `changed` (false: it already was so; nothing written). */
function outcomeView(outcome: Outcome) {
  return { ...outcome.config, changed: outcome.changed };
}
