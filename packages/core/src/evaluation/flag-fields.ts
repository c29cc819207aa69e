import type { EvaluableFlag } from '../model/evaluable-flag';
import { VARIATION_TYPES, type VariationType } from '../model/variation';

/** The empty list, shared: most flags have no prerequisites and reference no segments. */
export const NONE: readonly never[] = Object.freeze([]);

/** `obj[name]`, or undefined when `obj` is not an object or reading it throws. Never throws. */
export function safeGet(obj: unknown, name: string): unknown {
  try {
    return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

export function isVariationType(value: unknown): value is VariationType {
  return (VARIATION_TYPES as readonly unknown[]).includes(value);
}

/**
 * The variation type `value` names, as this module's own string constant (or 'json' when it names
 * none): strings that came from parsing JSON need not be V8's internalized copies, and comparing
 * two internalized strings is one pointer comparison — typed evaluation compares this field with
 * the caller's type on every call.
 */
export function canonicalVariationType(value: unknown): VariationType {
  return VARIATION_TYPES.find((type) => type === value) ?? 'json';
}

/** Keys of the segments a flag's rules reference (segmentMatch values), read defensively. */
export function referencedSegments(flag: EvaluableFlag): readonly string[] {
  let keys: string[] | undefined;
  try {
    for (const rule of flag.rules)
      for (const clause of rule.clauses)
        if (clause.op === 'segmentMatch') for (const v of clause.values) if (typeof v === 'string' && !(keys ??= []).includes(v)) keys.push(v);
  } catch {
    // Malformed rules: compiling reports them; the keys found so far still drive recompiles.
  }
  return keys ?? NONE;
}

/** Keys of a flag's prerequisite flags, read defensively. */
export function prerequisiteKeys(flag: EvaluableFlag): readonly string[] {
  try {
    if (flag.prerequisites.length === 0) return NONE;
    return flag.prerequisites.flatMap((p) => (typeof p.flag === 'string' ? [p.flag] : []));
  } catch {
    return NONE;
  }
}
