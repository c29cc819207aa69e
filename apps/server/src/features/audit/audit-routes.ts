import { auditExportQuery, auditListQuery, auditPage, chainVerification, flagAuditQuery, flagParams, type Role } from '@switchyard/api';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { answers } from '../../http/contract';
import { actorFor } from '../auth/guard';
import type { AuditService } from './audit-service';

export function registerAuditRoutes(scope: FastifyInstance, deps: { audit: AuditService }): void {
  const { audit } = deps;
  const api = scope.withTypeProvider<ZodTypeProvider>();

  async function listPage(f: Parameters<AuditService['list']>[0], reader: Role) {
    const items = await audit.list({ ...f, order: 'desc' }, reader);
    const last = items[items.length - 1];
    return { items, nextBefore: items.length === f.limit && last ? last.seq : null };
  }

  api.get('/audit', { config: { query: true }, schema: { querystring: auditListQuery, response: answers(auditPage) } }, async (req) => {
    const { role } = actorFor(req, 'read');
    const q = req.query;
    return listPage({ flagKey: q.flag, envKey: q.environment, actor: q.actor, action: q.action, resource: q.resource, since: q.since, until: q.until, beforeSeq: q.before, limit: q.limit }, role);
  });

  api.get('/flags/:key/audit', { config: { query: true }, schema: { params: flagParams, querystring: flagAuditQuery, response: answers(auditPage) } }, async (req) => {
    const { role } = actorFor(req, 'read');
    const { key } = req.params;
    const q = req.query;
    return listPage({ flagKey: key, envKey: q.environment, action: q.action, beforeSeq: q.before, limit: q.limit }, role);
  });

  /**
   * The whole log (or the filtered part), oldest first, one JSON object per line: each entry as the
   * list shows it; unfiltered, also `{"checkpoint":…}` after the entry a checkpoint covers and
   * `{"verification":…}` last (what `GET /audit/verify` answers, found while the export was read).
   */
  scope.get('/audit/export', { config: { query: true }, schema: { querystring: auditExportQuery, response: answers(z.string().describe('One JSON object per line (application/x-ndjson)')) } }, async (req, reply) => {
    const { role } = actorFor(req, 'read');
    const q = req.query as z.output<typeof auditExportQuery>;
    const exported = audit.export({ flagKey: q.flag, envKey: q.environment, actor: q.actor, action: q.action, resource: q.resource, since: q.since, until: q.until }, role);
    const lines = Readable.from(
      (async function* () {
        for await (const line of exported) yield `${JSON.stringify('entry' in line ? line.entry : line)}\n`;
      })(),
    );
    return reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="switchyard-audit.ndjson"').send(lines);
  });

  api.get('/audit/verify', { schema: { response: answers(chainVerification) } }, async (req) => {
    actorFor(req, 'read');
    return audit.verify();
  });
}
