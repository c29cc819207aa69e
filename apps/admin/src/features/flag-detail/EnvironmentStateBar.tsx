import type { EnvironmentConfig } from '@switchyard/core';
import { useId, useState } from 'react';
import type { ConfigRecord, FlagView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { Link } from '../../app/router';
import { useCan } from '../../app/session';
import { useResource } from '../../lib/use-resource';
import { formatRelative } from '../../lib/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Switch } from '../../ui/Switch';
import { StateChip } from '../flags/StateChip';
import { KillControls } from '../kill-switch/KillControls';
import { LandedCount } from '../kill-switch/LandedCount';

interface EnvironmentStateBarProps {
  flag: FlagView;
  envKey: string;
  config: EnvironmentConfig & { updatedAt?: string; revision?: number };
  onChanged: (config: ConfigRecord) => void;
  onStale: () => void;
}

/** The flag's state in one environment: on/off switch, kill switch, delivery, and who killed it. */
export function EnvironmentStateBar({ flag, envKey, config, onChanged, onStale }: EnvironmentStateBarProps) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const { nameOf } = useEnvironments();
  const [toggleTo, setToggleTo] = useState<boolean | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const policy = useResource(() => api.reviewPolicy(envKey), `review-policy|${envKey}`);
  const reviewRequired = policy.data?.requireReview === true;
  const envName = nameOf(envKey);
  const archived = flag.archivedAt !== null;
  const killedId = `killed-${useId()}`;

  return (
    <div className={`statebar ${config.killed ? 'statebar--killed' : ''}`}>
      <div className="statebar__row">
        <h2 className="statebar__env">{envName}</h2>
        <StateChip config={config} flag={flag} />
        {can('toggle') && !archived && (
          <Switch
            checked={config.enabled}
            label={`${flag.key} in ${envName}`}
            onChange={(next) => setToggleTo(next)}
            // Killed, it serves the off variation whatever the switch says: show that, not "On".
            overridden={config.killed ? `Serves “${flag.variations[flag.offVariation]?.name ?? 'off'}”` : undefined}
            describedBy={config.killed ? killedId : undefined}
          />
        )}
        <div className="statebar__spacer" />
        <LandedCount flagKey={flag.key} envKey={envKey} version={config.version} />
        <span className="muted small" title={`Environment version ${config.version}: what SDKs track`}>
          <span data-testid="flag-revision">v{config.revision ?? config.version}</span>
          {config.updatedAt && <> · updated {formatRelative(config.updatedAt)}</>}
        </span>
        <KillControls flag={flag} envKey={envKey} config={config} onChanged={onChanged} onStale={onStale} />
      </div>
      {config.killed && (
        <p className="statebar__killed" id={killedId}>
          <strong>Killed</strong> by {config.killed.by} <time dateTime={config.killed.at}>{formatRelative(config.killed.at)}</time>: “{config.killed.reason}”. Everyone in {envName} gets the off variation
          {config.enabled ? '' : ' (the flag is also off)'}.
        </p>
      )}
      {requested && (
        <p className="banner banner--info" role="status">
          Review requested: <Link to={`/change-requests/${requested}`}>change request {requested}</Link>. It applies once approved.
        </p>
      )}
      {toggleTo !== null && reviewRequired && (
        <ConfirmDialog
          title={`Request review: turn ${flag.key} ${toggleTo ? 'on' : 'off'} in ${envName}`}
          confirmLabel="Request review"
          onClose={() => setToggleTo(null)}
          onConfirm={async (note) => {
            const request = await api.changeRequests.create(envKey, {
              title: note ?? `Turn ${flag.key} ${toggleTo ? 'on' : 'off'} in ${envName}`,
              changes: [{ op: toggleTo ? 'flag.enable' : 'flag.disable', key: flag.key, baseVersion: config.version }],
            });
            setRequested(request.id);
            announce(`Review requested: change request ${request.id}.`);
          }}
        >
          {envName} requires review: nothing changes until someone else approves. State: {config.enabled ? 'on' : 'off'} → {toggleTo ? 'on' : 'off'}.
        </ConfirmDialog>
      )}
      {toggleTo !== null && !reviewRequired && (
        <ConfirmDialog
          title={`Turn ${flag.key} ${toggleTo ? 'on' : 'off'} in ${envName}?`}
          confirmLabel={toggleTo ? `Turn on in ${envName}` : `Turn off in ${envName}`}
          onClose={() => setToggleTo(null)}
          onConfirm={async (note) => {
            const next = await api.configs.toggle(flag.key, envKey, { enabled: toggleTo, baseVersion: config.version, ...(note ? { reason: note } : {}) });
            onChanged(next);
            announce(`${flag.key} is ${toggleTo ? 'on' : 'off'} in ${envName}.`);
          }}
        >
          {toggleTo
            ? config.killed
              ? 'The flag stays killed until it is restored; turning it on takes effect then.'
              : 'It starts serving its targeting rules to everyone in this environment.'
            : 'Everyone in this environment gets the off variation.'}
        </ConfirmDialog>
      )}
    </div>
  );
}
