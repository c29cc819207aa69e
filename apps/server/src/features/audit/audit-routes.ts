import { keySchema } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { flagParams } from '@switchyard/api';
import type { Role } from '../../db/records';
import { AUDIT_RESOURCES } from '@switchyard/api';
import type { AuditService } from './audit-service';

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const filters = {
  flag: keySchema.optional(),
  environment: keySchema.optional(),
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  resource: z.enum(AUDIT_RESOURCES).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
};
const page = {
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(100),
  /** Cursor: entries older than this seq (newest first). */
  before: z.coerce.number({ error: 'must be a number' }).int().min(1).optional(),
};
const listQuery = z.strictObject({ ...filters, ...page });
const flagAuditQuery = z.strictObject({ environment: filters.environment, action: filters.action, ...page });
const exportQuery = z.strictObject(filters);

export function registerAuditRoutes(api: FastifyInstance, deps: { audit: AuditService }): void {
  const { audit } = deps;

  async function listPage(f: Parameters<AuditService['list']>[0], reader: Role) {
    const items = await audit.list({ ...f, order: 'desc' }, reader);
    const last = items[items.length - 1];
    return { items, nextBefore: items.length === f.limit && last ? last.seq : null };
  }

  api.get('/audit', { config: { query: true } }, async (req) => {
    const { role } = actorFor(req, 'read');
    const q = parseInput(listQuery, req.query, 'query');
    return listPage({ flagKey: q.flag, envKey: q.environment, actor: q.actor, action: q.action, resource: q.resource, since: q.since, until: q.until, beforeSeq: q.before, limit: q.limit }, role);
  });

  api.get('/flags/:key/audit', { config: { query: true } }, async (req) => {
    const { role } = actorFor(req, 'read');
    const { key } = parseInput(flagParams, req.params, 'params');
    const q = parseInput(flagAuditQuery, req.query, 'query');
    return listPage({ flagKey: key, envKey: q.environment, action: q.action, beforeSeq: q.before, limit: q.limit }, role);
  });

  /**
   * The whole log (or the filtered part), oldest first, one JSON object per line: each entry as the
   * list shows it; unfiltered, also `{"checkpoint":…}` after the entry a checkpoint covers and
   * `{"verification":…}` last (what `GET /audit/verify` answers, found while the export was read).
   */
  api.get('/audit/export', { config: { query: true } }, async (req, reply) => {
    const { role } = actorFor(req, 'read');
    const q = parseInput(exportQuery, req.query, 'query');
    const exported = audit.export({ flagKey: q.flag, envKey: q.environment, actor: q.actor, action: q.action, resource: q.resource, since: q.since, until: q.until }, role);
    const lines = Readable.from(
      (async function* () {
        for await (const line of exported) yield `${JSON.stringify('entry' in line ? line.entry : line)}\n`;
      })(),
    );
    return reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="switchyard-audit.ndjson"').send(lines);
  });

  api.get('/audit/verify', async (req) => {
    actorFor(req, 'read');
    return audit.verify();
  });
}
