import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/stores';

export function registerHealthRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.db.ping();
      return { status: 'ready', database: 'ok' };
    } catch (err) {
      return reply.code(503).send({ code: 'NOT_READY', message: 'The database does not answer.', details: { database: String(err) } });
    }
  });
}
