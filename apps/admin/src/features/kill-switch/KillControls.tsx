import type { EnvironmentConfig, FlagDefinition } from '@switchyard/core';
import { useState } from 'react';
import type { ConfigRecord } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useCan } from '../../app/session';
import { Button } from '../../ui/Button';
import { KillDialog, type KillMode } from './KillDialog';

interface KillControlsProps {
  flag: Pick<FlagDefinition, 'key' | 'type' | 'variations' | 'offVariation' | 'archivedAt'>;
  envKey: string;
  config: Pick<EnvironmentConfig, 'killed'> | undefined;
  /** The config after the kill or restore landed. */
  onChanged: (config: ConfigRecord) => void;
  /** The state on screen was stale (already killed / not killed): reload it. */
  onStale: () => void;
  size?: 'sm' | 'md';
}

/** The kill switch of one flag in one environment: Kill when live, Restore when killed. */
export function KillControls({ flag, envKey, config, onChanged, onStale, size = 'md' }: KillControlsProps) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const { nameOf } = useEnvironments();
  const [mode, setMode] = useState<KillMode | null>(null);
  if (!config || flag.archivedAt) return null;
  const killed = config.killed !== null;
  if (!can(killed ? 'restore' : 'kill')) return null;
  const envName = nameOf(envKey);
  const off = flag.variations[flag.offVariation];
  // A migration flag's kill rolls it back to its safe stage, not to its off variation (docs/migration.md).
  const offLabel =
    flag.type === 'migration'
      ? 'its safe stage (every read from the store of record; it stays there until restored)'
      : off
        ? `${off.name} (${JSON.stringify(off.value)})`
        : `variation ${flag.offVariation}`;

  const confirm = async (reason: string) => {
    const next = mode === 'kill' ? await api.configs.kill(flag.key, envKey, reason) : await api.configs.restore(flag.key, envKey, reason);
    onChanged(next);
    if (next.changed === false) {
      // Someone else got there first (the view was stale): the server changed nothing.
      onStale();
      announce(
        next.killed ? `${flag.key} was already killed in ${envName} by ${next.killed.by}: nothing changed.` : `${flag.key} was not killed in ${envName}: nothing changed.`,
        'info',
      );
      return;
    }
    announce(mode === 'kill' ? `${flag.key} killed in ${envName}. Serving ${offLabel}.` : `${flag.key} restored in ${envName}.`);
  };

  return (
    <>
      {killed ? (
        <Button size={size} variant="restore" onClick={() => setMode('restore')} aria-label={`Restore ${flag.key} in ${envName}`}>
          Restore
        </Button>
      ) : (
        <Button size={size} variant="danger" onClick={() => setMode('kill')} aria-label={`Kill ${flag.key} in ${envName}`}>
          <KillIcon /> Kill
        </Button>
      )}
      {mode && <KillDialog mode={mode} flagKey={flag.key} envName={envName} offVariationLabel={offLabel} onConfirm={confirm} onClose={() => setMode(null)} />}
    </>
  );
}

function KillIcon() {
  return (
    <svg className="btn__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 3v8M6.3 6.3a8 8 0 1 0 11.4 0" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
