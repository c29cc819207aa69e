import type { FlagDefinition } from './flag';
import type { EnvironmentConfig } from './environment-config';
import type { Segment } from './segment';

/**
 * What an evaluator needs of one flag in one environment: the definition's evaluation-relevant
 * fields merged with the environment's config. This is what server SDKs receive and compile.
 */
export type EvaluableFlag = Pick<FlagDefinition, 'key' | 'type' | 'variationType' | 'variations' | 'offVariation' | 'clientSide'> &
  Omit<EnvironmentConfig, 'version'> & {
    /** The environment version at which this flag last changed (definition or config). */
    version: number;
  };

/**
 * Merge a definition and its environment config into the evaluable form. A killed migration flag
 * travels unkilled: its kill is carried out by its stage (the server moves it to a safe stage), and
 * serving its offVariation, stage `off`, would stop writes to the new store behind the server's back.
 */
export function toEvaluableFlag(def: FlagDefinition, config: EnvironmentConfig, version = config.version): EvaluableFlag {
  return {
    key: def.key,
    type: def.type,
    variationType: def.variationType,
    variations: def.variations,
    offVariation: def.offVariation,
    clientSide: def.clientSide,
    enabled: config.enabled,
    killed: def.type === 'migration' ? null : config.killed,
    targets: config.targets,
    rules: config.rules,
    fallthrough: config.fallthrough,
    prerequisites: config.prerequisites,
    version,
  };
}

/** An environment's complete rule set at one version, as served to server SDKs. */
export interface RuleSet {
  environment: string;
  version: number;
  flags: EvaluableFlag[];
  segments: Segment[];
}
