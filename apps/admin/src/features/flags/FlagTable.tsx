import type { FlagView } from '../../api/types';
import { useEnvironments } from '../../app/environments';
import { Link } from '../../app/router';
import { withQuery } from '../../app/route-match';
import { ExpiryBadge, TypeBadge } from './ExpiryBadge';
import { StateChip } from './StateChip';

/** The flag list: one row per flag, its state in every environment, owner, tags and expiry. */
export function FlagTable({ flags }: { flags: readonly FlagView[] }) {
  const { environments, current } = useEnvironments();
  const now = new Date();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Flags, with their state in each environment</caption>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            {environments.map((env) => (
              <th scope="col" key={env.key} className={`table__env ${env.key === current.key ? 'table__env--current' : ''}`}>
                {env.name}
              </th>
            ))}
            <th scope="col">Owner</th>
            <th scope="col">Tags</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <tr key={flag.key} className={flag.archivedAt ? 'table__row--archived' : undefined}>
              <th scope="row" className="table__flag">
                <Link to={withQuery(`/flags/${encodeURIComponent(flag.key)}`, { env: current.key })} className="flag-link">
                  <span className="flag-link__name">{flag.name}</span>
                </Link>
                <div className="table__meta">
                  <code className="flag-link__key">{flag.key}</code>
                  <TypeBadge type={flag.type} />
                  {flag.clientSide && <span className="badge badge--plain">client-side</span>}
                  {flag.archivedAt && <span className="badge badge--plain">archived</span>}
                </div>
              </th>
              {environments.map((env) => (
                <td key={env.key} className={env.key === current.key ? 'table__env--current' : undefined}>
                  <StateChip config={flag.environments[env.key]} flag={flag} compact />
                  <span className="sr-only"> in {env.name}</span>
                </td>
              ))}
              <td>{flag.owner}</td>
              <td>
                <ul className="tags">
                  {flag.tags.map((t) => (
                    <li key={t} className="tag">
                      {t}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ExpiryBadge flag={flag} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
