import type { EnvironmentConfig } from '@switchyard/core';
import { ENV_STATE_LABELS, envState } from './flag-state';

interface StateChipProps {
  config: Pick<EnvironmentConfig, 'enabled' | 'killed'> | undefined;
  /** The environment's name, shown before the state. */
  envName?: string;
  compact?: boolean;
}

/** A flag's state in one environment: on (green), off (grey), killed (red). Text, not colour alone. */
export function StateChip({ config, envName, compact }: StateChipProps) {
  const state = envState(config);
  const title = config?.killed ? `Killed by ${config.killed.by}: ${config.killed.reason}` : undefined;
  return (
    <span className={`chip chip--${state} ${compact ? 'chip--compact' : ''}`} title={title}>
      <span className="chip__dot" aria-hidden="true" />
      {envName && <span className="chip__env">{envName}</span>}
      <span className="chip__state">{ENV_STATE_LABELS[state]}</span>
    </span>
  );
}
