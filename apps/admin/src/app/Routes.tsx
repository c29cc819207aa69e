import { AuditLogPage } from '../features/audit/AuditLogPage';
import { CreateFlagPage } from '../features/flag-create/CreateFlagPage';
import { FlagDetailPage } from '../features/flag-detail/FlagDetailPage';
import { FlagsListPage } from '../features/flags/FlagsListPage';
import { IncidentPage } from '../features/incident/IncidentPage';
import { EmptyState } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { matchRoute } from './route-match';
import { Link, useLocation } from './router';
import { useCan } from './session';

/** The route table. Pages a role may not use are not routed for it (nothing to click there). */
export function Routes() {
  const { path, query } = useLocation();
  const can = useCan();

  if (path === '/flags') return <FlagsListPage query={query} />;
  if (path === '/flags/new' && can('createFlag')) return <CreateFlagPage />;
  const flag = matchRoute('/flags/:key', path);
  if (flag?.key && flag.key !== 'new') return <FlagDetailPage key={flag.key} flagKey={flag.key} query={query} />;
  if (path === '/incident') return <IncidentPage />;
  if (path === '/audit') return <AuditLogPage query={query} />;
  return <NotFound />;
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="Nothing lives at this address.">
        <Link to="/flags">Go to the flags</Link>
      </EmptyState>
    </>
  );
}
