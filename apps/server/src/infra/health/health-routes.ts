import type { FastifyInstance } from 'fastify';
import type { Fanout } from '../fanout/fanout';

/**
 * Liveness, and readiness: ready while the database answers. A replica whose Redis is down stays
 * ready — it serves its SDKs and catches up from the database — but reports itself degraded.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: { pingDatabase: () => Promise<unknown>; fanout: Fanout }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const fanout = deps.fanout.mode();
    try {
      await deps.pingDatabase();
    } catch (err) {
      return reply.code(503).send({ code: 'NOT_READY', message: 'The database does not answer.', details: { database: String(err), fanout } });
    }
    const redis = deps.fanout.redis();
    return { status: redis === 'down' ? 'degraded' : 'ready', database: 'ok', redis, fanout };
  });
}
