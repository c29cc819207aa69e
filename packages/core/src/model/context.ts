import type { JsonValue } from './json';

/**
 * An evaluation context: who or what a flag is evaluated for. Flat attributes; the key is `key`
 * or OpenFeature's `targetingKey`. Anything may be missing: evaluation copes.
 */
export interface EvaluationContext {
  key?: string;
  targetingKey?: string;
  [attribute: string]: JsonValue | undefined;
}
