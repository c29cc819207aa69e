import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/** Prometheus text format at /metrics (no credentials: expose it only on a private network). */
export function registerMetricsRoutes(app: FastifyInstance, deps: { metrics: Metrics }): void {
  app.get('/metrics', async (_req, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
