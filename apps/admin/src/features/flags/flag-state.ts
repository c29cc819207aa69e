import type { EnvironmentConfig } from '@switchyard/core';

/** What a flag does in one environment, as the state colours show it. */
export type EnvState = 'on' | 'off' | 'killed' | 'missing';

export function envState(config: Pick<EnvironmentConfig, 'enabled' | 'killed'> | undefined): EnvState {
  if (!config) return 'missing';
  if (config.killed) return 'killed';
  return config.enabled ? 'on' : 'off';
}

export const ENV_STATE_LABELS: Readonly<Record<EnvState, string>> = {
  on: 'On',
  off: 'Off',
  killed: 'Killed',
  missing: 'No config',
};
