import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import type { ReportService } from './report-service';
import { toCsv } from './stale-report';

const query = z.strictObject({
  days: z.coerce.number({ error: 'must be a number' }).int().min(1).max(3650).default(30),
  format: z.enum(['json', 'csv']).default('json'),
});

export function registerReportRoutes(api: FastifyInstance, deps: { reports: ReportService }): void {
  api.get('/reports/stale', { config: { query: true } }, async (req, reply) => {
    actorFor(req, 'read');
    const q = parseInput(query, req.query, 'query');
    const rows = await deps.reports.staleFlags(q.days);
    if (q.format === 'csv')
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="switchyard-stale-flags.csv"').send(toCsv(rows));
    return { days: q.days, items: rows };
  });
}
