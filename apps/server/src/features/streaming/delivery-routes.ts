import { keySchema } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import type { EnvironmentService } from '../environments/environment-service';
import type { OfrepStreams } from '../ofrep/ofrep-streams';
import type { StreamHub } from './stream-hub';

const query = z.strictObject({ version: z.coerce.number({ error: 'must be a number' }).int().min(0) });

/**
 * How many SDK connections of an environment have applied a version: the "landed on N of N" a
 * responder watches after a kill (the kill's answer carries its version). OFREP providers on an
 * event stream count too, once they fetched a bulk evaluation at that version or later (`ofrep`).
 */
export function registerDeliveryRoutes(api: FastifyInstance, deps: { hub: StreamHub; ofrep?: OfrepStreams; environments: EnvironmentService }): void {
  api.get('/environments/:env/delivery', { config: { query: true } }, async (req) => {
    actorFor(req, 'read');
    const { env } = parseInput(z.strictObject({ env: keySchema }), req.params, 'params');
    const { version } = parseInput(query, req.query, 'query');
    await deps.environments.get(env);
    const sockets = deps.hub.delivery(env, version);
    const ofrep = deps.ofrep?.delivery(env, version) ?? { total: 0, applied: 0 };
    return { environment: env, version, ...sockets, total: sockets.total + ofrep.total, applied: sockets.applied + ofrep.applied, ofrep };
  });
}
