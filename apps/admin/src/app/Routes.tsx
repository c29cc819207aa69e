import { AuditLogPage } from '../features/audit/AuditLogPage';
import { ChangeRequestPage, ChangeRequestsPage } from '../features/change-requests/ChangeRequestPage';
import { CreateFlagPage } from '../features/flag-create/CreateFlagPage';
import { FlagDetailPage } from '../features/flag-detail/FlagDetailPage';
import { FlagsListPage } from '../features/flags/FlagsListPage';
import { IncidentPage } from '../features/incident/IncidentPage';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { KeysPage } from '../features/keys/KeysPage';
import { StaleReportPage } from '../features/reports/StaleReportPage';
import { NewSegmentPage, SegmentPage } from '../features/segments/SegmentEditorPage';
import { SegmentsPage } from '../features/segments/SegmentsPage';
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
  if (path === '/change-requests') return <ChangeRequestsPage />;
  const request = matchRoute('/change-requests/:id', path);
  if (request?.id) return <ChangeRequestPage key={request.id} id={request.id} />;
  if (path === '/integrations' && can('manageIntegrations')) return <IntegrationsPage />;
  if (path === '/keys' && can('manageKeys')) return <KeysPage />;
  if (path === '/reports/stale') return <StaleReportPage query={query} />;
  if (path === '/segments') return <SegmentsPage query={query} />;
  if (path === '/segments/new' && can('editSegments')) return <NewSegmentPage query={query} />;
  const segment = matchRoute('/segments/:env/:key', path);
  if (segment?.env && segment.key) return <SegmentPage key={path} envKey={segment.env} segmentKey={segment.key} />;
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
