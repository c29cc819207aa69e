import type { EnvironmentConfig, FlagDefinition } from '@switchyard/core';
import { STAGE_LABELS, stageOfConfig } from '../migration/migration-view';
import { ENV_STATE_LABELS, envState } from './flag-state';

interface StateChipProps {
  config: Pick<EnvironmentConfig, 'enabled' | 'killed' | 'fallthrough'> | undefined;
  /** The flag: a migration flag shows its stage (what SDKs serve), not its always-on switch. */
  flag?: Pick<FlagDefinition, 'type' | 'variations'>;
  /** The environment's name, shown before the state. */
  envName?: string;
  compact?: boolean;
}

/** A flag's state in one environment: on (green), off (grey), killed (red). Text, not colour alone. */
export function StateChip({ config, flag, envName, compact }: StateChipProps) {
  let state = envState(config);
  let label = ENV_STATE_LABELS[state];
  // A migration flag is always on; what it serves is its stage, and at stage Off it is off.
  const stage = flag?.type === 'migration' && state === 'on' ? stageOfConfig(flag, config) : null;
  if (stage !== null) {
    state = stage === 'off' ? 'off' : 'on';
    label = compact ? STAGE_LABELS[stage] : `Stage: ${STAGE_LABELS[stage]}`;
  }
  const title = config?.killed ? `Killed by ${config.killed.by}: ${config.killed.reason}` : undefined;
  return (
    <span className={`chip chip--${state} ${compact ? 'chip--compact' : ''}`} title={title}>
      <span className="chip__dot" aria-hidden="true" />
      {envName && <span className="chip__env">{envName}</span>}
      <span className="chip__state">{label}</span>
    </span>
  );
}
