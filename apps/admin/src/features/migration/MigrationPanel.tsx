import type { MigrationStage, Refusal } from '@switchyard/core';
import { useId, useState } from 'react';
import type { FlagView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { useCan } from '../../app/session';
import { formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Loading } from '../../ui/Loading';
import { KillControls } from '../kill-switch/KillControls';
import { LandedCount } from '../kill-switch/LandedCount';
import { BackfillCard } from './BackfillCard';
import { GateFigures } from './GateFigures';
import { STAGE_LABELS } from './migration-view';
import { MoveList } from './MoveList';
import { RefusalList } from './RefusalList';
import { StagePipeline } from './StagePipeline';
import { StoreFreshness } from './StoreFreshness';

interface MigrationPanelProps {
  flag: FlagView;
  envKey: string;
  hidden: boolean;
  /** The flag changed (a move writes a new config version): reload it. */
  onMoved: () => void;
}

interface RefusedAttempt {
  to: MigrationStage;
  reasons: Refusal[];
  at: string;
}

/**
 * A migration flag in one environment: where it is in the pipeline, whether each store may be
 * trusted, what may happen next and why not, and the figures the gates are judged on. Its config is
 * managed by stage transitions only, so there is no targeting editor or toggle here; a kill rolls it
 * back to its safe stage (the kill permission: a responder's stop).
 */
export function MigrationPanel({ flag, envKey, hidden, onMoved }: MigrationPanelProps) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const uid = useId();
  const { nameOf } = useEnvironments();
  const envName = nameOf(envKey);
  const view = useResource(() => api.migrations.get(flag.key, envKey), `${flag.key}|${envKey}`);
  const [refused, setRefused] = useState<RefusedAttempt | null>(null);
  useLiveChanges({ kind: 'flag', key: flag.key, environment: envKey }, view.reload);
  const config = flag.environments[envKey];
  const archived = flag.archivedAt !== null;

  if (view.error)
    return (
      <div hidden={hidden}>
        <ErrorBanner error={view.error} title={`The migration state in ${envName} could not be loaded.`} />
      </div>
    );
  if (!view.data) return <div hidden={hidden}>{!hidden && <Loading />}</div>;
  const v = view.data;
  // A kill or restore moved the stage or the kill mark: read both again.
  const afterKill = () => {
    view.reload();
    onMoved();
  };

  return (
    <div hidden={hidden} className="envpanel migration" data-testid={`migration-${envKey}`}>
      <div className="statebar">
        <div className="statebar__row">
          <h2 className="statebar__env">{envName}</h2>
          <span className={`stage-chip stage-chip--${v.stage}`}>
            <span className="sr-only">Stage: </span>
            {STAGE_LABELS[v.stage]}
          </span>
          <span className="muted small">entered {formatRelative(v.state.enteredStageAt)}</span>
          <div className="statebar__spacer" />
          {config && <LandedCount flagKey={flag.key} envKey={envKey} version={config.version} />}
          {config && (
            <span className="muted small" title={`Environment version ${config.version}: what SDKs track`}>
              v{config.revision ?? config.version}
            </span>
          )}
          <KillControls flag={flag} envKey={envKey} config={config} onChanged={afterKill} onStale={afterKill} size="sm" />
          <Button size="sm" variant="ghost" onClick={view.reload} busy={view.loading}>
            Refresh figures
          </Button>
        </div>
        <p className="statebar__note muted small">
          Managed by stage transitions: SDKs get the stage as this flag's value. There is no on/off or targeting for a migration flag — moving back is its rollback. A kill rolls it back to its safe stage (reads from the store of record only) and holds it there until restored.
        </p>
      </div>

      <section className="card migration__section" aria-labelledby={`${uid}-stage`}>
        <h3 id={`${uid}-stage`} className="section-title">
          Stage
        </h3>
        <StagePipeline stage={v.stage} envName={envName} />
      </section>

      <div className="migration__grid">
        <section className="card migration__section" aria-labelledby={`${uid}-moves`}>
          <h3 id={`${uid}-moves`} className="section-title">
            Moves from {STAGE_LABELS[v.stage].toLowerCase()}
          </h3>
          {refused && (
            <div className="banner banner--error" role="alert" data-testid="refused-attempt">
              <p className="banner__title">
                The move to {STAGE_LABELS[refused.to].toLowerCase()} was refused {formatRelative(refused.at)}.
              </p>
              <RefusalList reasons={refused.reasons} label="Why the last move was refused" />
            </div>
          )}
          {archived ? (
            <p className="muted small">The flag is archived; unarchive it to move it.</p>
          ) : (
            <MoveList
              flagKey={flag.key}
              envKey={envKey}
              envName={envName}
              stage={v.stage}
              moves={v.moves}
              mayMove={can('moveMigration')}
              mayForce={can('forceMigration')}
              onMoved={(result) => {
                setRefused(null);
                view.reload();
                onMoved();
                announce(`${flag.key} ${result.forced ? 'forced' : 'moved'} to ${STAGE_LABELS[result.state.stage].toLowerCase()} in ${envName}.`);
              }}
              onRefused={(to, reasons) => {
                setRefused({ to, reasons, at: new Date().toISOString() });
                view.reload();
              }}
            />
          )}
        </section>
        <section className="card migration__section" aria-labelledby={`${uid}-stores`}>
          <h3 id={`${uid}-stores`} className="section-title">
            Stores
          </h3>
          <StoreFreshness state={v.state} />
        </section>
      </div>

      <GateFigures view={v} />
      <BackfillCard
        view={v}
        envName={envName}
        mayAttest={can('attestBackfill') && !archived}
        onAttested={() => {
          view.reload();
          announce(`Backfill attested in ${envName}.`);
        }}
      />
    </div>
  );
}
