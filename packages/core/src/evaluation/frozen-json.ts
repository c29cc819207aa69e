import type { JsonValue } from '../model/json';

const MAX_DEPTH = 64;

/**
 * A deep-frozen copy of a JSON variation value. Results hand variation values to callers; freezing
 * a private copy means no caller can corrupt the flag by mutating what it was served.
 * Throws on anything that is not JSON (a function, undefined, a non-finite number, a cycle).
 */
export function frozenJsonCopy(value: unknown, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) throw new Error('variation value is nested too deeply');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('variation value is not a finite number');
    return value;
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v) => frozenJsonCopy(v, depth + 1))) as JsonValue[];
  if (typeof value === 'object') {
    const copy: { [key: string]: JsonValue } = {};
    for (const k of Object.keys(value)) {
      const v = frozenJsonCopy((value as Record<string, unknown>)[k], depth + 1);
      // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
      if (k === '__proto__') Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
      else copy[k] = v;
    }
    return Object.freeze(copy);
  }
  throw new Error(`variation value of type ${typeof value} is not JSON`);
}
