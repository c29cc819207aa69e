import type { EvaluationContext, ServedValue } from '@switchyard/core';
import type { EnvironmentState } from './environment-state';

/** A browser's values for some flags, evaluated by the server: values only, never rules. */
export function evaluateValues(state: EnvironmentState, keys: readonly string[], context: EvaluationContext): Record<string, ServedValue> {
  const values: Record<string, ServedValue> = {};
  for (const key of keys) {
    const r = state.evaluator.evaluate(key, context);
    const served: ServedValue = { value: r.value, reason: r.reason };
    if (r.variant !== undefined) served.variant = r.variant;
    if (r.errorCode !== undefined) served.errorCode = r.errorCode;
    values[key] = served;
  }
  return values;
}

/** The entries of `next` that differ from `previous`. */
export function changedValues(previous: Record<string, ServedValue>, next: Record<string, ServedValue>): Record<string, ServedValue> {
  const changed: Record<string, ServedValue> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (!before || JSON.stringify(before) !== JSON.stringify(value)) changed[key] = value;
  }
  return changed;
}
