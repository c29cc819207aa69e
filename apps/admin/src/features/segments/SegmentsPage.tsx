import { useId } from 'react';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { Link, navigate } from '../../app/router';
import { useCan } from '../../app/session';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { ClauseText } from '../targeting/TargetingReadView';
import { segmentUsers } from './segment-draft';

export const segmentPath = (env: string, key: string) => `/segments/${encodeURIComponent(env)}/${encodeURIComponent(key)}`;

/** The segments of one environment, with the flags whose rules use each one. */
export function SegmentsPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const can = useCan();
  const uid = useId();
  const { environments, current, nameOf } = useEnvironments();
  const env = environments.some((e) => e.key === query.get('env')) ? query.get('env')! : current.key;
  const segments = useResource(() => api.segments.list(env), `segments|${env}`);
  const flags = useResource(() => api.flags.list({}), 'segment-users');
  useLiveChanges({ kind: 'segment', environment: env }, segments.reload);
  useLiveChanges({ kind: 'flag', environment: env }, flags.reload);
  const users = flags.data ? segmentUsers(flags.data, env) : null;

  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Reusable sets of contexts — internal users, beta testers, small tenants — that flag rules target by name. Each environment has its own."
        actions={
          can('editSegments') && (
            <Link to={withQuery('/segments/new', { env })} className="btn btn--primary">
              New segment
            </Link>
          )
        }
      />
      <div className="filters filters--compact">
        <div className="filters__group">
          <label htmlFor={`${uid}-env`}>Environment</label>
          <select id={`${uid}-env`} className="select" value={env} onChange={(e) => navigate(withQuery('/segments', { env: e.target.value }), { replace: true })}>
            {environments.map((e) => (
              <option key={e.key} value={e.key}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        {segments.data && (
          <p className="muted small" role="status">
            {segments.data.length} segment{segments.data.length === 1 ? '' : 's'} in {nameOf(env)}
          </p>
        )}
      </div>
      <ErrorBanner error={segments.error} title="The segments could not be loaded." />
      {!segments.data && !segments.error && <Loading />}
      {segments.data && segments.data.length === 0 && (
        <EmptyState title={`No segments in ${nameOf(env)} yet.`}>{can('editSegments') && <Link to={withQuery('/segments/new', { env })}>Create a segment</Link>}</EmptyState>
      )}
      {segments.data && segments.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Segments in {nameOf(env)}</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Members</th>
                <th scope="col">Rules</th>
                <th scope="col">Used by</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {segments.data.map((s) => {
                const usedBy = users?.get(s.key) ?? [];
                return (
                  <tr key={s.key}>
                    <th scope="row" className="table__flag">
                      <Link to={segmentPath(env, s.key)} className="flag-link">
                        <span className="flag-link__name">{s.name}</span>
                      </Link>
                      <div className="table__meta">
                        <code className="flag-link__key">{s.key}</code>
                      </div>
                      {s.description && <p className="table__desc">{s.description}</p>}
                    </th>
                    <td className="segment-members">
                      {s.included.length} included
                      {s.excluded.length > 0 && <span className="muted"> · {s.excluded.length} excluded</span>}
                    </td>
                    <td className="segment-rules">
                      {s.rules.length === 0 ? (
                        <span className="muted">None</span>
                      ) : (
                        <>
                          {s.rules[0]!.clauses.length === 0 ? 'Everyone' : s.rules[0]!.clauses.map((c, n) => <ClauseText key={n} clause={c} first={n === 0} />)}
                          {s.rules.length > 1 && <span className="muted"> · +{s.rules.length - 1} more</span>}
                        </>
                      )}
                    </td>
                    <td>
                      {users === null ? (
                        <span className="muted">…</span>
                      ) : usedBy.length === 0 ? (
                        <span className="muted">No flag</span>
                      ) : (
                        <ul className="tags">
                          {usedBy.map((k) => (
                            <li key={k}>
                              <Link to={withQuery(`/flags/${encodeURIComponent(k)}`, { tab: env })} className="code-link">
                                {k}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <time dateTime={s.updatedAt} title={formatDateTime(s.updatedAt)}>
                        {formatRelative(s.updatedAt)}
                      </time>
                      <span className="muted small"> · v{s.version}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
