import type { EvaluationContext, EvaluationResult, JsonValue, ServedValue } from '@switchyard/core';
import type { EnvironmentState } from './environment-state';

/** What a browser is sent for one evaluation result: the served value, and its JSON text. */
export interface ServedEntry {
  /** Frozen: shared by every browser the result is served to. */
  readonly served: ServedValue;
  readonly json: string;
}

/**
 * Core's results are frozen objects shared by every evaluation that serves them (one per variation,
 * reason and rule of a compiled flag), so what a browser is sent for one is made and encoded once
 * per result, not once per browser and batch. Held weakly: a recompiled flag's old results go.
 */
const entries = new WeakMap<EvaluationResult, ServedEntry>();

/** The served value of a result, with its JSON text, made once per result object. */
export function servedEntry(r: EvaluationResult): ServedEntry {
  let entry = entries.get(r);
  if (entry === undefined) {
    const served: ServedValue = { value: r.value, reason: r.reason };
    if (r.variant !== undefined) served.variant = r.variant;
    if (r.errorCode !== undefined) served.errorCode = r.errorCode;
    entry = { served: Object.freeze(served), json: JSON.stringify(served) };
    entries.set(r, entry);
  }
  return entry;
}

/** One flag's value for a browser's context, evaluated by the server: the value only, never rules. */
export function evaluateValue(state: EnvironmentState, key: string, context: EvaluationContext): ServedValue {
  return servedEntry(state.evaluator.evaluate(key, context)).served;
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
