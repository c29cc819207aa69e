import { LRUCache } from 'lru-cache';
import type { ApiKeyRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';

/** How long a key record read from the database is trusted before the next request re-reads it. */
export const KEY_RECHECK_MS = 1_000;
/** At most this many key records are kept (only keys that exist are kept: unknown secrets never are). */
export const KEY_CACHE_LIMIT = 10_000;

interface Entry {
  /** Undefined: no key has this hash. */
  record: ApiKeyRecord | undefined;
  /** When it was read (performance.now() clock): `expireAll` makes every earlier read due. */
  readAt: number;
  /**
   * False for what must not stay: a miss (unknown secrets are never remembered) or a read that
   * began before an invalidation (it may hold a key as it was before its revocation). `load` hands
   * it to the requests that waited for it, then drops it.
   */
  keep: boolean;
}

export interface KeyCacheOptions {
  recheckMs?: number;
  limit?: number;
}

/**
 * Key records by secret hash, kept in memory so that authenticating costs a SHA-256 and a map
 * lookup. Built by `createServices`, one per process, on `lru-cache`:
 *
 * - A record is re-read from the database once it is older than `recheckMs` (`ttl`: the bound in
 *   every mode), by one query shared by the requests that need it meanwhile (`fetchMethod`).
 * - A revocation on this replica (`forgetKey`, from `keyRevoked`) drops the key at once; one on
 *   another replica does when the fan-out learns of it (Redis message, polling tick: `expireAll`).
 *   A read that began before a revocation is not kept.
 * - Unknown secrets are never remembered: a miss always asks the database, so new keys work at once
 *   and random secrets cannot grow memory.
 * - While the database cannot be reached, known keys keep authenticating with their last record
 *   (no key can be revoked meanwhile: that is a write), re-tried once per `recheckMs`
 *   (`allowStaleOnFetchRejection` for any other failed read).
 */
export class KeyCache {
  private readonly cache: LRUCache<string, Entry>;
  private readonly recheckMs: number;
  /** Bumped by every invalidation: a read that started before one is read again. */
  private epoch = 0;
  /** Reads before this instant are due (performance.now() clock): `expireAll`. */
  private expiredBefore = -Infinity;

  constructor(db: Database, options: KeyCacheOptions = {}) {
    this.recheckMs = options.recheckMs ?? KEY_RECHECK_MS;
    this.cache = new LRUCache<string, Entry>({
      max: options.limit ?? KEY_CACHE_LIMIT,
      ttl: this.recheckMs,
      noDeleteOnStaleGet: true, // a stale record is what an outage serves
      allowStaleOnFetchRejection: true,
      fetchMethod: async (hash, stale, { options: setOptions }) => {
        const epoch = this.epoch;
        const started = performance.now();
        let record: ApiKeyRecord | undefined;
        try {
          record = await db.read((s) => s.keys.findByHash(hash));
        } catch (err) {
          // Serve the last record, and ask the database again at most once per recheckMs.
          if (stale?.record !== undefined && isDatabaseUnavailable(err)) return { record: stale.record, readAt: performance.now(), keep: true };
          throw err;
        }
        // Trusted for recheckMs from when the read began, not from when it ended.
        setOptions.ttl = Math.max(1, this.recheckMs - (performance.now() - started));
        return { record, readAt: started, keep: record !== undefined && epoch === this.epoch };
      },
    });
  }

  /** The record for a hash when it was read recently enough to serve without the database. */
  peek(hash: string): ApiKeyRecord | undefined {
    const entry = this.cache.get(hash);
    return entry?.keep && entry.readAt >= this.expiredBefore ? entry.record : undefined;
  }

  /** The record for a hash: from memory when fresh, else from the database (coalesced per hash). */
  find(hash: string): Promise<ApiKeyRecord | undefined> {
    const fresh = this.peek(hash);
    return fresh !== undefined ? Promise.resolve(fresh) : this.load(hash);
  }

  /** Reads a hash from the database; concurrent callers share the read. */
  async load(hash: string): Promise<ApiKeyRecord | undefined> {
    // Without a record to fall back on, a failed read is the caller's error (a 503), not a miss.
    const fallback = this.cache.peek(hash, { allowStale: true })?.record !== undefined;
    const entry = await this.cache.fetch(hash, { forceRefresh: true, allowStaleOnFetchRejection: fallback });
    if (entry !== undefined && !entry.keep && this.cache.peek(hash, { allowStale: true }) === entry) this.cache.delete(hash);
    return entry?.record;
  }

  /** A key was revoked (here or on another replica): it is read from the database on its next use. */
  forgetKey(keyId: string): void {
    this.epoch++;
    for (const [hash, { value }] of this.cache.dump()) if (value.record?.id === keyId) this.cache.delete(hash);
  }

  /**
   * Revocations may have been missed (a fan-out reconnected, a polling tick): every key is re-read
   * on its next use. Records stay known, for use while the database is unreachable.
   */
  expireAll(): void {
    this.epoch++;
    this.expiredBefore = performance.now();
  }

  /** Key records held (stale ones included). */
  get size(): number {
    return this.cache.size;
  }
}
