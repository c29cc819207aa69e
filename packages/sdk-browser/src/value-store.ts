import type { FlagDetail, JsonValue, ServedValue, ValueSource, ValueType } from './types';

/**
 * The type of a served value, as the flag model defines it (core's `typeOfValue`): booleans,
 * strings and numbers are their own type, anything else (objects, arrays, null) is `json`.
 * A browser never sees a flag's declared type, so the value's type stands for it.
 */
export function valueType(value: JsonValue): ValueType {
  const t = typeof value;
  return t === 'boolean' || t === 'string' || t === 'number' ? t : 'json';
}

function same(a: ServedValue | undefined, b: ServedValue | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * The values held for the current context, by flag key. A Map, so that no flag key can reach an
 * object prototype. Each update returns the keys whose value changed.
 */
export class ValueStore {
  #values = new Map<string, ServedValue>();
  source: ValueSource = 'none';
  version: number | undefined;

  /** Replaces everything held (a full `values` message, a bootstrap, a stored cache). */
  replace(values: Record<string, ServedValue>, source: ValueSource, version?: number): string[] {
    const next = new Map(Object.entries(values));
    const changed = [...next.keys()].filter((k) => !same(this.#values.get(k), next.get(k)));
    for (const k of this.#values.keys()) if (!next.has(k)) changed.push(k);
    this.#values = next;
    this.source = source;
    this.version = version;
    return changed;
  }

  /** Applies a delta: changed values, and the keys of flags that went away. */
  patch(values: Record<string, ServedValue>, removed: readonly string[], version: number): string[] {
    const changed: string[] = [];
    for (const [k, v] of Object.entries(values)) {
      if (!same(this.#values.get(k), v)) changed.push(k);
      this.#values.set(k, v);
    }
    for (const k of removed) if (this.#values.delete(k)) changed.push(k);
    this.version = version;
    return changed;
  }

  get(flagKey: string): ServedValue | undefined {
    return this.#values.get(flagKey);
  }

  /** A plain copy of every served value (for storage). */
  entries(): Record<string, ServedValue> {
    return Object.fromEntries(this.#values);
  }

  /** Every value, by flag key. */
  all(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of this.#values) out[k] = v.value;
    return out;
  }

  /**
   * The typed evaluation of a flag from the values held, with the same outcomes as core's
   * `evaluateTyped`: the caller's default with PROVIDER_NOT_READY (nothing to serve yet),
   * FLAG_NOT_FOUND, TYPE_MISMATCH, or the served value's own error code when it has no variant.
   * Never throws.
   */
  detail<T>(flagKey: string, type: ValueType, defaultValue: T): FlagDetail<T> {
    const served = this.#values.get(flagKey);
    if (!served) return fallback(defaultValue, this.source === 'none' ? 'PROVIDER_NOT_READY' : 'FLAG_NOT_FOUND');
    // No variant: the flag had no servable value (its type is unknown then, so this comes first).
    if (served.variant === undefined) return fallback(defaultValue, served.errorCode ?? 'GENERAL');
    if (valueType(served.value) !== type) return fallback(defaultValue, 'TYPE_MISMATCH');
    return { ...served } as FlagDetail<T>;
  }
}

function fallback<T>(value: T, errorCode: FlagDetail<T>['errorCode']): FlagDetail<T> {
  return { value, reason: 'ERROR', errorCode };
}
