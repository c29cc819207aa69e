import { useCallback, useMemo } from 'react';
import { queryString } from '../../api/http';
import { useApi } from '../../app/api-context';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { AuditFilters } from './AuditFilters';
import { AuditList } from './AuditList';
import { auditFiltersFromQuery, auditFiltersToQuery, toAuditQuery, type AuditFilters as Filters } from './audit-query';
import { ChainBadge } from './ChainBadge';
import { useAuditPages } from './use-audit-pages';

/** The export takes the same filters as the list, without paging. */
function exportQuery(filters: Filters) {
  const { limit: _l, before: _b, ...rest } = toAuditQuery(filters);
  return rest;
}

/** The whole audit log, newest first, filterable; the hash chain's state in the header. */
export function AuditLogPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const filters = useMemo(() => auditFiltersFromQuery(query), [query]);
  const pages = useAuditPages((before) => api.audit.list(toAuditQuery(filters, before)), JSON.stringify(filters));
  useLiveChanges({}, pages.reload);
  const onChange = useCallback((next: Filters) => navigate(withQuery('/audit', auditFiltersToQuery(next)), { replace: true }), []);
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change, who made it and why. Append-only and hash-chained."
        actions={
          <>
            <ChainBadge />
            <a className="btn btn--sm" href={`/api/v1/audit/export${queryString(exportQuery(filters))}`} download>
              Export NDJSON
            </a>
          </>
        }
      />
      <AuditFilters filters={filters} onChange={onChange} />
      <AuditList pages={pages} showFlag label="Audit log entries, newest first" />
    </>
  );
}
