import { useId, useState } from 'react';
import type { ConfigRecord } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useLiveChanges } from '../../app/live';
import { formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { incidentFlags, killedPairs } from './incident-flags';
import { IncidentTable } from './IncidentTable';

/**
 * Every kill switch and ops flag, and whatever is killed right now, with one-click kill and restore
 * per environment. Follows the server's change stream, so two responders see each other's actions.
 */
export function IncidentPage() {
  const api = useApi();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const flags = useResource(async () => {
    const items = await api.flags.list({});
    setLoadedAt(new Date().toISOString());
    return items;
  }, 'incident');

  const { reload } = flags;
  useLiveChanges({ kind: 'flag' }, reload);

  const onChanged = (config: ConfigRecord) =>
    flags.setData((list) =>
      (list ?? []).map((f) => {
        if (f.key !== config.flagKey) return f;
        const { flagKey: _f, envKey, ...rest } = config;
        return { ...f, environments: { ...f.environments, [envKey]: rest } };
      }),
    );

  const shown = flags.data ? incidentFlags(flags.data, search) : [];
  const killed = flags.data ? killedPairs(incidentFlags(flags.data)) : 0;

  return (
    <>
      <PageHeader
        title="Incident"
        subtitle={
          <span>
            Kill switches, ops flags, migrations and everything killed right now.{' '}
            {loadedAt && (
              <span className="muted">
                Loaded <time dateTime={loadedAt}>{formatRelative(loadedAt)}</time>; changes by anyone appear as they happen.
              </span>
            )}
          </span>
        }
      />
      {flags.data && (
        <div className={`incident-summary ${killed > 0 ? 'incident-summary--active' : ''}`} role="status">
          <span className="incident-summary__count">{killed}</span>
          {killed === 1 ? ' flag-environment is killed' : ' flag-environments are killed'}
        </div>
      )}
      <div className="filters filters--compact">
        <div className="filters__search">
          <label htmlFor={searchId} className="sr-only">
            Find a flag
          </label>
          <input id={searchId} type="search" className="input" placeholder="Find by key, name or owner" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <ErrorBanner error={flags.error} title="The flags could not be loaded." />
      {!flags.data && !flags.error && <Loading />}
      {flags.data && shown.length === 0 && <EmptyState title={search ? 'No incident flag matches.' : 'No kill-switch or ops flags yet, and nothing is killed.'} />}
      {shown.length > 0 && <IncidentTable flags={shown} onChanged={onChanged} onStale={reload} />}
    </>
  );
}
