import type { EvaluationContext, JsonValue, ServedValue } from '@switchyard/core';
import type { EnvironmentState } from './environment-state';

/** One flag's value for a browser's context, evaluated by the server: the value only, never rules. */
export function evaluateValue(state: EnvironmentState, key: string, context: EvaluationContext): ServedValue {
  const r = state.evaluator.evaluate(key, context);
  const served: ServedValue = { value: r.value, reason: r.reason };
  if (r.variant !== undefined) served.variant = r.variant;
  if (r.errorCode !== undefined) served.errorCode = r.errorCode;
  return served;
}

/** A browser's values for some flags. */
export function evaluateValues(state: EnvironmentState, keys: readonly string[], context: EvaluationContext): Record<string, ServedValue> {
  const values: Record<string, ServedValue> = {};
  for (const key of keys) values[key] = evaluateValue(state, key, context);
  return values;
}

/** Whether two served values are the same, field by field (what a browser would see). */
export function sameServedValue(a: ServedValue | undefined, b: ServedValue): boolean {
  return a !== undefined && a.reason === b.reason && a.variant === b.variant && a.errorCode === b.errorCode && sameJson(a.value, b.value);
}

/** Deep equality of JSON values: primitives compared directly, arrays and objects element by element. */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i]!, b[i]!)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let count = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k) || !sameJson(a[k]!, b[k]!)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}
