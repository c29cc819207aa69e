import { stageVariation, type EnvironmentConfig, type FlagDefinition } from '@switchyard/core';
import type { FlagConfigRecord, FlagRecord } from '../../db/records';

/** A flag's definition without storage bookkeeping. */
export function toDefinition({ updatedAt: _u, ...def }: FlagRecord): FlagDefinition {
  return def;
}

/** An environment config without its row keys. */
export function toConfig({ flagKey: _f, envKey: _e, updatedAt: _u, ...config }: FlagConfigRecord): EnvironmentConfig {
  return config;
}

/** A flag with its config in every environment, as the API shows it. */
export interface FlagView extends FlagDefinition {
  updatedAt: string;
  environments: Record<string, EnvironmentConfig & { updatedAt: string }>;
}

export function toFlagView(flag: FlagRecord, configs: readonly FlagConfigRecord[]): FlagView {
  const environments: FlagView['environments'] = {};
  for (const c of configs) environments[c.envKey] = { ...toConfig(c), updatedAt: c.updatedAt };
  return { ...flag, environments };
}

/** The variation a flag serves to everyone once turned on, unless told otherwise. */
export function defaultOnVariation(def: Pick<FlagDefinition, 'variationType' | 'variations' | 'offVariation'>): number {
  if (def.variationType === 'boolean') {
    const on = def.variations.findIndex((v) => v.value === true);
    if (on >= 0) return on;
  }
  return def.offVariation;
}

/**
 * A new environment config: off, nothing targeted, serving `onVariation` once enabled. A migration
 * flag is on from the start and serves its stage, `off`; only transitions change what it serves.
 */
export function initialConfigFor(def: FlagDefinition, onVariation = defaultOnVariation(def)): Omit<EnvironmentConfig, 'version'> {
  const migration = def.type === 'migration';
  return {
    enabled: migration,
    killed: null,
    targets: [],
    rules: [],
    fallthrough: { variation: migration ? stageVariation('off') : onVariation },
    prerequisites: [],
  };
}
