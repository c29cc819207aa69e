import { useCallback, useMemo } from 'react';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { Link, navigate } from '../../app/router';
import { useCan } from '../../app/session';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { expiryState } from './expiry';
import { FlagFilters } from './FlagFilters';
import { filtersFromQuery, filtersToQuery, toApiQuery, type FlagFilters as Filters } from './flag-list-query';
import { FlagTable } from './FlagTable';

export function FlagsListPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const can = useCan();
  const { current } = useEnvironments();
  const filters = useMemo(() => filtersFromQuery(query, current.key), [query, current.key]);
  const apiQuery = toApiQuery(filters);
  const flags = useResource(() => api.flags.list(apiQuery), JSON.stringify(apiQuery));
  useLiveChanges({ kind: 'flag' }, flags.reload);

  const onChange = useCallback((next: Filters) => navigate(withQuery('/flags', filtersToQuery(next, current.key)), { replace: true }), [current.key]);
  const onReset = useCallback(() => navigate('/flags', { replace: true }), []);

  const expired = flags.data?.filter((f) => expiryState(f, new Date()) === 'expired').length ?? 0;
  const killed = flags.data?.filter((f) => Object.values(f.environments).some((c) => c.killed)).length ?? 0;

  return (
    <>
      <PageHeader
        title="Flags"
        subtitle={
          flags.data && (
            <span role="status">
              {flags.data.length} flag{flags.data.length === 1 ? '' : 's'}
              {killed > 0 && <span className="text-killed"> · {killed} killed somewhere</span>}
              {expired > 0 && <span className="text-expired"> · {expired} past expiry</span>}
            </span>
          )
        }
        actions={
          can('createFlag') && (
            <Link to="/flags/new" className="btn btn--primary">
              New flag
            </Link>
          )
        }
      />
      <FlagFilters filters={filters} onChange={onChange} onReset={onReset} />
      <ErrorBanner error={flags.error} title="The flags could not be loaded." />
      {!flags.data && !flags.error && <Loading />}
      {flags.data && flags.data.length === 0 && (
        <EmptyState title={filters.archived ? 'No archived flags match.' : 'No flags match.'}>
          {can('createFlag') && !filters.archived && <Link to="/flags/new">Create a flag</Link>}
        </EmptyState>
      )}
      {flags.data && flags.data.length > 0 && <FlagTable flags={flags.data} />}
    </>
  );
}
