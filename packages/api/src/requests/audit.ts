import { keySchema } from '@switchyard/core';
import { z } from 'zod';
import { AUDIT_RESOURCES } from '../audit-actions';

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
/** `GET /api/v1/audit`. */
export const auditListQuery = z.strictObject({ ...filters, ...page });
export type AuditListQuery = z.input<typeof auditListQuery>;
/** `GET /api/v1/flags/:key/audit`. */
export const flagAuditQuery = z.strictObject({ environment: filters.environment, action: filters.action, ...page });
/** `GET /api/v1/audit/export`. */
export const auditExportQuery = z.strictObject(filters);
