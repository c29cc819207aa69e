import { MAX_SERVER_FRAME_BYTES } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { envParams } from '@switchyard/api';
import { createSegmentBody, deleteSegmentBody, segmentParams, updateSegmentBody } from '@switchyard/api';
import type { SegmentService } from './segment-service';

/**
 * Segment writes may carry large lists of keys (up to 100,000 included and as many excluded): their
 * bodies may be as large as what an SDK loads in one frame. The environment's budget bounds the rest.
 */
export const SEGMENT_BODY_LIMIT = MAX_SERVER_FRAME_BYTES;

export function registerSegmentRoutes(api: FastifyInstance, deps: { segments: SegmentService }): void {
  const { segments } = deps;

  api.get('/environments/:env/segments', async (req) => {
    actorFor(req, 'read');
    return { items: await segments.list(parseInput(envParams, req.params, 'params').env) };
  });

  api.post('/environments/:env/segments', { bodyLimit: SEGMENT_BODY_LIMIT }, async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const { env } = parseInput(envParams, req.params, 'params');
    return reply.code(201).send(await segments.create(actor, env, parseInput(createSegmentBody, req.body, 'body')));
  });

  api.get('/environments/:env/segments/:key', async (req) => {
    actorFor(req, 'read');
    const { env, key } = parseInput(segmentParams, req.params, 'params');
    return segments.get(env, key);
  });

  api.patch('/environments/:env/segments/:key', { bodyLimit: SEGMENT_BODY_LIMIT }, async (req) => {
    const actor = actorFor(req, 'edit');
    const { env, key } = parseInput(segmentParams, req.params, 'params');
    return segments.update(actor, env, key, parseInput(updateSegmentBody, req.body, 'body'));
  });

  api.delete('/environments/:env/segments/:key', async (req, reply) => {
    const actor = actorFor(req, 'edit');
    const { env, key } = parseInput(segmentParams, req.params, 'params');
    const body = parseInput(deleteSegmentBody, req.body, 'body');
    await segments.delete(actor, env, key, body?.reason ?? null);
    return reply.code(204).send();
  });
}
