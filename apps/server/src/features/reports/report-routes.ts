import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/stores';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { staleFlags, toCsv } from './stale-report';

const query = z.strictObject({
  days: z.coerce.number({ error: 'must be a number' }).int().min(1).max(3650).default(30),
  format: z.enum(['json', 'csv']).default('json'),
});

export function registerReportRoutes(api: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  api.get('/reports/stale', { config: { query: true } }, async (req, reply) => {
    actorFor(req, 'read');
    const q = parseInput(query, req.query, 'query');
    const rows = await deps.db.read(async (s) => {
      const flags = await s.flags.list({ archived: false });
      const configs = (await Promise.all((await s.environments.list()).map((e) => s.configs.listForEnvironment(e.key)))).flat();
      return staleFlags(flags, configs, await s.evaluations.listAll(), deps.now(), q.days);
    });
    if (q.format === 'csv')
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="switchyard-stale-flags.csv"').send(toCsv(rows));
    return { days: q.days, items: rows };
  });
}
