import type { Role } from '../../db/records';
import type { AuditEntryView } from './audit-service';

/**
 * Key metadata (names, roles, environments, secret hints, who created and revoked what) is for
 * admins: `GET /keys` is theirs alone, so the audit log does not show it to anyone else either.
 * Other readers get key entries with `before` and `after` left out and `redacted: true`; the entry's
 * seq, actor, action, target, reason and hashes stay, so the chain's links still show and `verify`
 * (which reads everything) still vouches for the content. Triggers and webhooks (`GET /triggers`,
 * `GET /webhooks`: admins only) are redacted the same way.
 */
const ADMIN_ONLY = new Set(['key', 'trigger', 'webhook']);

export function redactFor(reader: Role, entry: AuditEntryView): AuditEntryView {
  if (reader === 'admin' || !ADMIN_ONLY.has(entry.resource)) return entry;
  return { ...entry, before: null, after: null, redacted: true };
}
