import type { ConfigRecord, FlagView } from '../../api/types';
import { useEnvironments } from '../../app/environments';
import { Link } from '../../app/router';
import { formatRelative } from '../../lib/format';
import { TypeBadge } from '../flags/ExpiryBadge';
import { StateChip } from '../flags/StateChip';
import { KillControls } from '../kill-switch/KillControls';
import { LandedCount } from '../kill-switch/LandedCount';

interface IncidentTableProps {
  flags: readonly FlagView[];
  /** Flags restored since the page opened: marked, so a responder sees what changed. */
  restored?: ReadonlySet<string>;
  onChanged: (config: ConfigRecord) => void;
  onStale: () => void;
}

/** One row per flag, one cell per environment: state, who killed it and why, and the switch. */
export function IncidentTable({ flags, restored, onChanged, onStale }: IncidentTableProps) {
  const { environments, current } = useEnvironments();
  return (
    <div className="table-wrap">
      <table className="table table--incident">
        <caption className="sr-only">Kill switches and ops flags, with their state in each environment</caption>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            {environments.map((env) => (
              <th scope="col" key={env.key} className={env.key === current.key ? 'table__env--current' : undefined}>
                {env.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <tr key={flag.key}>
              <th scope="row" className="table__flag">
                <Link to={`/flags/${encodeURIComponent(flag.key)}`} className="flag-link">
                  <span className="flag-link__name">{flag.name}</span>
                </Link>
                <div className="table__meta">
                  <code className="flag-link__key">{flag.key}</code>
                  <TypeBadge type={flag.type} />
                  <span className="muted small">{flag.owner}</span>
                  {restored?.has(flag.key) && !Object.values(flag.environments).some((c) => c.killed) && <span className="badge badge--plain">recently restored</span>}
                </div>
              </th>
              {environments.map((env) => {
                const config = flag.environments[env.key];
                return (
                  <td key={env.key} className={`incident-cell ${config?.killed ? 'incident-cell--killed' : ''} ${env.key === current.key ? 'table__env--current' : ''}`}>
                    <div className="incident-cell__top">
                      <StateChip config={config} flag={flag} />
                      <KillControls flag={flag} envKey={env.key} config={config} onChanged={onChanged} onStale={onStale} size="sm" />
                    </div>
                    {config?.killed && (
                      <p className="incident-cell__why">
                        <strong>{config.killed.by}</strong>, <time dateTime={config.killed.at}>{formatRelative(config.killed.at)}</time>: {config.killed.reason}
                      </p>
                    )}
                    {config && <LandedCount flagKey={flag.key} envKey={env.key} version={config.version} />}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
