import type { EnvironmentConfig } from '@switchyard/core';
import { useCallback, useEffect, useState } from 'react';
import type { ConfigRecord, FlagView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { navigate, useNavigationGuard } from '../../app/router';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading } from '../../ui/Loading';
import { Tabs } from '../../ui/Tabs';
import { FlagHistory } from '../audit/FlagHistory';
import { EvaluationsPanel } from '../evaluations/EvaluationsPanel';
import { envState } from '../flags/flag-state';
import { MigrationPanel } from '../migration/MigrationPanel';
import { STAGE_LABELS, stageOfConfig } from '../migration/migration-view';
import { DefinitionPanel } from './DefinitionPanel';
import { EnvironmentPanel } from './EnvironmentPanel';
import { FlagHeader } from './FlagHeader';

/**
 * One flag: a tab per environment (state, kill switch, targeting), its definition, its history.
 * Every panel stays mounted while hidden, so unsaved edits survive switching tabs.
 */
export function FlagDetailPage({ flagKey, query }: { flagKey: string; query: URLSearchParams }) {
  const api = useApi();
  const { environments, current } = useEnvironments();
  const flag = useResource(() => api.flags.get(flagKey), flagKey);
  const [dirty, setDirty] = useState<Record<string, boolean>>({});
  const [historyKey, setHistoryKey] = useState(0);
  const tab = query.get('tab') ?? query.get('env') ?? current.key;

  const select = (id: string) => navigate(withQuery(`/flags/${encodeURIComponent(flagKey)}`, { tab: id }), { replace: true });
  // Someone (or this page) changed the flag: show what is stored now. Drafts keep their base, so an
  // unsaved edit meets the conflict flow on save rather than being overwritten.
  useLiveChanges({ kind: 'flag', key: flagKey }, () => {
    flag.reload();
    setHistoryKey((k) => k + 1);
  });
  const reportDirty = useCallback((id: string, d: boolean) => setDirty((m) => (m[id] === d ? m : { ...m, [id]: d })), []);
  const anyDirty = Object.values(dirty).some(Boolean);

  useNavigationGuard(anyDirty, `${flagKey} has unsaved changes. Leave this page and lose them?`);
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  const onConfigChanged = useCallback(
    (envKey: string, config: EnvironmentConfig | ConfigRecord) => {
      const { flagKey: _f, envKey: _e, ...rest } = config as ConfigRecord;
      flag.setData((f) => (f ? { ...f, environments: { ...f.environments, [envKey]: { ...f.environments[envKey], ...rest } } } : f!));
      setHistoryKey((k) => k + 1);
    },
    [flag],
  );
  const onFlagChanged = (next: FlagView) => {
    flag.setData(next);
    setHistoryKey((k) => k + 1);
  };

  if (flag.error) return <ErrorBanner error={flag.error} title={`The flag ${flagKey} could not be loaded.`} />;
  if (!flag.data) return <Loading />;
  const f = flag.data;
  const migration = f.type === 'migration';

  const tabs = [
    ...environments.map((env) => ({
      id: env.key,
      label: migration ? (
        <MigrationTabLabel name={env.name} stage={stageOfConfig(f, f.environments[env.key])} />
      ) : (
        <span className="tab-env">
          <span className={`chip__dot chip__dot--${envState(f.environments[env.key])}`} aria-hidden="true" />
          {env.name}
          <span className="sr-only">, {envState(f.environments[env.key])}</span>
          {dirty[env.key] && <span className="tab-dirty" title="Unsaved changes">•<span className="sr-only"> unsaved changes</span></span>}
        </span>
      ),
    })),
    { id: 'definition', label: <>Definition{dirty.definition && <span className="tab-dirty">•<span className="sr-only"> unsaved changes</span></span>}</> },
    { id: 'usage', label: 'Usage' },
    { id: 'history', label: 'History' },
  ];
  const selected = tabs.some((t) => t.id === tab) ? tab : current.key;

  return (
    <>
      <FlagHeader flag={f} onChanged={onFlagChanged} />
      <Tabs label={`${f.key} sections`} tabs={tabs} selected={selected} onSelect={select}>
        {environments.map((env) =>
          migration ? (
            <MigrationPanel key={env.key} flag={f} envKey={env.key} hidden={selected !== env.key} onMoved={flag.reload} />
          ) : (
            <EnvironmentPanel
              key={env.key}
              flag={f}
              envKey={env.key}
              hidden={selected !== env.key}
              onConfigChanged={onConfigChanged}
              onStale={flag.reload}
              onDirtyChange={reportDirty}
            />
          ),
        )}
        <DefinitionPanel flag={f} hidden={selected !== 'definition'} onSaved={onFlagChanged} onReload={flag.reload} onDirtyChange={reportDirty} />
        {selected === 'usage' && <EvaluationsPanel flag={f} />}
        {selected === 'history' && <FlagHistory flagKey={f.key} refreshKey={historyKey} />}
      </Tabs>
    </>
  );
}

function MigrationTabLabel({ name, stage }: { name: string; stage: ReturnType<typeof stageOfConfig> }) {
  return (
    <span className="tab-env">
      {name}
      {stage && <span className={`stage-chip stage-chip--${stage} stage-chip--tab`}>{STAGE_LABELS[stage]}</span>}
    </span>
  );
}
