import type { StorageLike } from './platform';
import { checkServedValues } from './server-frame';
import type { EvaluationContext, ServedValue } from './types';

/** How many contexts' values are kept per client key (the least recently saved go first). */
export const CACHED_CONTEXTS = 5;

/** What is stored for one client key and context. */
export interface CachedValues {
  values: Record<string, ServedValue>;
  version?: number;
}

/** A 52-bit FNV-1a style hash in base 36: keeps client keys and context keys out of storage keys. */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return ((a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff)).toString(36);
}

/** The key that names a context's cached values: its `key`, else its `targetingKey`, else anonymous. */
export function contextCacheKey(context: EvaluationContext): string {
  const k = context.key ?? context.targetingKey;
  return typeof k === 'string' ? `k:${k}` : 'anonymous';
}

/**
 * The last values per client key and context key, in `localStorage` (or any {@link StorageLike}),
 * for the next page load. Every access is guarded: storage may be full, disabled or throwing, and
 * a stored entry may be corrupt or from another version of this SDK; all of that reads as "nothing
 * cached" and never reaches the caller.
 */
export class ValueCache {
  readonly #prefix: string;
  readonly #storage: StorageLike | undefined;

  constructor(storage: StorageLike | undefined, clientKey: string) {
    this.#storage = storage;
    this.#prefix = `switchyard:v1:${shortHash(clientKey)}`;
  }

  read(context: EvaluationContext): CachedValues | undefined {
    const stored = this.#get(this.#entryKey(context)) as CachedValues | undefined;
    if (!stored || checkServedValues(stored.values) !== undefined) return undefined;
    return { values: stored.values, ...(Number.isInteger(stored.version) ? { version: stored.version } : {}) };
  }

  write(context: EvaluationContext, entry: CachedValues): void {
    const id = shortHash(contextCacheKey(context));
    const index = ((this.#get(this.#prefix) as string[] | undefined) ?? []).filter((x) => typeof x === 'string' && x !== id);
    index.unshift(id);
    for (const old of index.splice(CACHED_CONTEXTS)) this.#guard(() => this.#storage?.removeItem(`${this.#prefix}:${old}`));
    this.#guard(() => {
      this.#storage?.setItem(`${this.#prefix}:${id}`, JSON.stringify(entry));
      this.#storage?.setItem(this.#prefix, JSON.stringify(index));
    });
  }

  #entryKey(context: EvaluationContext): string {
    return `${this.#prefix}:${shortHash(contextCacheKey(context))}`;
  }

  #get(key: string): unknown {
    return this.#guard(() => {
      const text = this.#storage?.getItem(key);
      return text ? (JSON.parse(text) as unknown) : undefined;
    });
  }

  #guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}
