import { keySchema } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import type { EnvironmentService } from '../environments/environment-service';
import type { StreamHub } from './stream-hub';

const query = z.strictObject({ version: z.coerce.number({ error: 'must be a number' }).int().min(0) });

/**
 * How many SDK connections of an environment have applied a version: the "landed on N of N" a
 * responder watches after a kill (the kill's answer carries its version).
 */
export function registerDeliveryRoutes(api: FastifyInstance, deps: { hub: StreamHub; environments: EnvironmentService }): void {
  api.get('/environments/:env/delivery', { config: { query: true } }, async (req) => {
    actorFor(req, 'read');
    const { env } = parseInput(z.strictObject({ env: keySchema }), req.params, 'params');
    const { version } = parseInput(query, req.query, 'query');
    await deps.environments.get(env);
    return { environment: env, version, ...deps.hub.delivery(env, version) };
  });
}
