import { useEffect, useId, useRef, useState } from 'react';
import type { FlagView } from '../../api/types';
import type { ConfigRecord } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useLiveChanges } from '../../app/live';
import { formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { incidentFlags, killedPairs, restoredBetween } from './incident-flags';
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

  // Restored flags stay on the page (marked as such) until it is left, whoever restored them.
  const [restored, setRestored] = useState<ReadonlySet<string>>(new Set());
  const previous = useRef<readonly FlagView[] | null>(null);
  useEffect(() => {
    if (!flags.data) return;
    const just = previous.current ? restoredBetween(previous.current, flags.data) : [];
    previous.current = flags.data;
    if (just.length > 0) setRestored((set) => new Set([...set, ...just]));
  }, [flags.data]);

  const onChanged = (config: ConfigRecord) =>
    flags.setData((list) =>
      (list ?? []).map((f) => {
        if (f.key !== config.flagKey) return f;
        const { flagKey: _f, envKey, ...rest } = config;
        return { ...f, environments: { ...f.environments, [envKey]: rest } };
      }),
    );

  const shown = flags.data ? incidentFlags(flags.data, search, restored) : [];
  const killed = flags.data ? killedPairs(incidentFlags(flags.data)) : 0;

  return (
    <>
      <PageHeader
        title="Incident"
        subtitle={
          <span>
            Kill switches, ops flags, migrations, everything killed right now and what was restored since you opened this page; search finds any flag.{' '}
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
          <input id={searchId} type="search" className="input" placeholder="Find any flag by key, name or owner" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <ErrorBanner error={flags.error} title="The flags could not be loaded." />
      {!flags.data && !flags.error && <Loading />}
      {flags.data && shown.length === 0 && <EmptyState title={search ? 'No flag matches.' : 'No kill-switch or ops flags yet, and nothing is killed.'} />}
      {shown.length > 0 && <IncidentTable flags={shown} restored={restored} onChanged={onChanged} onStale={reload} />}
    </>
  );
}
