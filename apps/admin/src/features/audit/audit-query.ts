import type { AuditQuery } from '../../api/types';

/** The audit log's filters as kept in the address. Times are `datetime-local` values (local time). */
export interface AuditFilters {
  flag: string;
  environment: string;
  actor: string;
  action: string;
  since: string;
  until: string;
}

export const PAGE_SIZE = 50;

export function auditFiltersFromQuery(params: URLSearchParams): AuditFilters {
  return {
    flag: params.get('flag') ?? '',
    environment: params.get('env') ?? '',
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
  };
}

export function auditFiltersToQuery(f: AuditFilters): Record<string, string> {
  return { flag: f.flag.trim(), env: f.environment, actor: f.actor.trim(), action: f.action.trim(), since: f.since, until: f.until };
}

/** A `datetime-local` value (local time) as an ISO instant, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export function toAuditQuery(f: AuditFilters, before?: number): AuditQuery {
  const q: AuditQuery = { limit: PAGE_SIZE };
  if (f.flag.trim()) q.flag = f.flag.trim();
  if (f.environment) q.environment = f.environment;
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action.trim()) q.action = f.action.trim();
  const since = localToIso(f.since);
  const until = localToIso(f.until);
  if (since) q.since = since;
  if (until) q.until = until;
  if (before !== undefined) q.before = before;
  return q;
}
