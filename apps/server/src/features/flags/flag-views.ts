import { stageVariation, type EnvironmentConfig, type FlagDefinition } from '@switchyard/core';
import type { FlagConfigRecord, FlagRecord } from '../../db/records';

/** A flag's definition without storage bookkeeping. */
export function toDefinition({ updatedAt: _u, ...def }: FlagRecord): FlagDefinition {
  return def;
}

/** An environment config without its row keys and bookkeeping (the revision is shown by the views only). */
export function toConfig({ flagKey: _f, envKey: _e, updatedAt: _u, revision: _r, ...config }: FlagConfigRecord): EnvironmentConfig {
  return config;
}

/** A flag with its config in every environment, as the API shows it. */
export interface FlagView extends FlagDefinition {
  updatedAt: string;
  /** `revision`: the flag's own change count in the environment, for people; `version` is the environment's, for SDKs. */
  environments: Record<string, EnvironmentConfig & { updatedAt: string; revision: number }>;
}

export function toFlagView(flag: FlagRecord, configs: readonly FlagConfigRecord[]): FlagView {
  const environments: FlagView['environments'] = {};
  for (const c of configs) environments[c.envKey] = { ...toConfig(c), updatedAt: c.updatedAt, revision: c.revision };
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
