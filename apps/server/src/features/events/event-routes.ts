import type { FastifyInstance } from 'fastify';
import { actorFor } from '../auth/guard';
import type { ChangeFeed } from '../changes/change-feed';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for open admin pages: one `change` event per committed change (environment,
 * version, kind, key, op) — never the content, which pages fetch with their own permissions.
 */
export function registerEventRoutes(api: FastifyInstance, deps: { feed: ChangeFeed }): void {
  api.get('/events', (req, reply) => {
    actorFor(req, 'read');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const unsubscribe = deps.feed.subscribe((c) => {
      res.write(`event: change\ndata: ${JSON.stringify({ environment: c.envKey, version: c.version, kind: c.kind, key: c.key, op: c.op, at: c.at })}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
