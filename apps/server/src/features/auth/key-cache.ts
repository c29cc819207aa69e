import type { ApiKeyRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';

/** How long a key record read from the database is trusted before the next request re-reads it. */
export const KEY_RECHECK_MS = 1_000;
/** At most this many key records are kept (only keys that exist are kept: unknown secrets never are). */
export const KEY_CACHE_LIMIT = 10_000;

interface Entry {
  record: ApiKeyRecord;
  /** Until when the record is served without asking the database (performance.now() clock). */
  freshUntil: number;
}

/**
 * Key records by secret hash, kept in memory so that authenticating costs a SHA-256 and a map lookup.
 *
 * - A record is re-read from the database once it is older than `recheckMs` (the bound in every
 *   mode), by one query shared by the requests that need it meanwhile.
 * - A revocation on this replica (`forgetKey`, from `keyRevoked`) drops the key at once; one on
 *   another replica does when the fan-out learns of it (Redis message, polling tick: `expireAll`).
 * - Unknown secrets are never remembered: a miss always asks the database, so new keys work at once
 *   and random secrets cannot grow memory.
 * - While the database cannot be reached, known keys keep authenticating with their last record
 *   (no key can be revoked meanwhile: that is a write), re-tried once per `recheckMs`.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ApiKeyRecord | undefined>>();
  /** Bumped by every invalidation: a read that started before one is not stored. */
  private epoch = 0;

  constructor(
    private readonly db: Database,
    private readonly recheckMs = KEY_RECHECK_MS,
    private readonly limit = KEY_CACHE_LIMIT,
  ) {}

  /** The record for a hash when it was read recently enough to serve without the database. */
  peek(hash: string): ApiKeyRecord | undefined {
    const entry = this.entries.get(hash);
    return entry !== undefined && performance.now() < entry.freshUntil ? entry.record : undefined;
  }

  /** The record for a hash: from memory when fresh, else from the database (coalesced per hash). */
  find(hash: string): Promise<ApiKeyRecord | undefined> {
    const fresh = this.peek(hash);
    return fresh !== undefined ? Promise.resolve(fresh) : this.load(hash);
  }

  /** Reads a hash from the database; concurrent callers share the read. */
  load(hash: string): Promise<ApiKeyRecord | undefined> {
    const pending = this.loading.get(hash);
    if (pending) return pending;
    const epoch = this.epoch;
    const started = performance.now();
    const promise = this.db
      .read((s) => s.keys.findByHash(hash))
      .then(
        (record) => {
          if (epoch === this.epoch) this.store(hash, record, started);
          return record;
        },
        (err: unknown) => {
          const last = this.entries.get(hash);
          if (last === undefined || !isDatabaseUnavailable(err)) throw err;
          last.freshUntil = performance.now() + this.recheckMs; // retry the database at most this often
          return last.record;
        },
      )
      .finally(() => {
        if (this.loading.get(hash) === promise) this.loading.delete(hash);
      });
    this.loading.set(hash, promise);
    return promise;
  }

  private store(hash: string, record: ApiKeyRecord | undefined, readAt: number): void {
    if (record === undefined) {
      this.entries.delete(hash);
      return;
    }
    if (!this.entries.has(hash) && this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { record, freshUntil: readAt + this.recheckMs });
  }

  /** A key was revoked (here or on another replica): it is read from the database on its next use. */
  forgetKey(keyId: string): void {
    this.epoch++;
    this.loading.clear();
    for (const [hash, entry] of this.entries) if (entry.record.id === keyId) this.entries.delete(hash);
  }

  /**
   * Revocations may have been missed (a fan-out reconnected, a polling tick): every key is re-read
   * on its next use. Records stay known, for use while the database is unreachable.
   */
  expireAll(): void {
    this.epoch++;
    this.loading.clear();
    for (const entry of this.entries.values()) entry.freshUntil = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<Database, KeyCache>();

/** The key cache of a database handle (one per process and handle: every route shares it). */
export function keyCacheFor(db: Database): KeyCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new KeyCache(db)));
  return cache;
}
