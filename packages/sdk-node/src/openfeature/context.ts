import type { EvaluationContext as OpenFeatureContext } from '@openfeature/server-sdk';
import type { EvaluationContext, JsonValue } from '@switchyard/core';

/**
 * An OpenFeature evaluation context as a Switchyard context. They are the same flat attribute bag
 * (`targetingKey` is read when `key` is absent), except that OpenFeature allows `Date` values:
 * those become ISO 8601 strings, which the `before`/`after` operators read. A context without
 * dates is passed through as it is, without a copy.
 */
export function toSwitchyardContext(context: OpenFeatureContext | undefined): EvaluationContext | undefined {
  if (context === undefined || !containsDate(context, 0)) return context as EvaluationContext | undefined;
  return withoutDates(context, 0) as EvaluationContext;
}

const MAX_DEPTH = 32;

function containsDate(value: unknown, depth: number): boolean {
  if (value instanceof Date) return true;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (containsDate(item, depth + 1)) return true;
  return false;
}

function withoutDates(value: unknown, depth: number): JsonValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value as JsonValue;
  if (Array.isArray(value)) return value.map((item) => withoutDates(item, depth + 1));
  const out: Record<string, JsonValue> = {};
  for (const [name, item] of Object.entries(value)) out[name] = withoutDates(item, depth + 1);
  return out;
}
