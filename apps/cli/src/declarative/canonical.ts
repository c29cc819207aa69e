/**
 * Canonical JSON: object keys sorted, undefined dropped. Two values are the same desired state
 * exactly when their canonical texts are equal, whatever the key order of the file or the server.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** A sorted copy of a list of strings: for lists whose order means nothing (tags, keys in a target). */
export function sortedStrings(values: readonly string[]): string[] {
  return [...values].sort();
}

/** Set equality of two string lists. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return canonical(sortedStrings(a)) === canonical(sortedStrings(b));
}

/**
 * Orders an object's keys by `order` (the rest alphabetically after them), recursively, so that an
 * exported file lists fields the same way every time. Variation values are user JSON: left as is.
 */
export function ordered<T>(value: T, order: readonly string[]): T {
  if (Array.isArray(value)) return value.map((v) => ordered(v, order)) as T;
  if (value === null || typeof value !== 'object') return value;
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out[k] = k === 'value' ? v : ordered(v, order);
  }
  return out as T;
}
