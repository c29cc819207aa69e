import { createHash } from 'node:crypto';
import type { RuleSet } from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';
import type { ChangeFeed } from '../changes/change-feed';
import { liveItems } from '../environments/live-items';
import { EncodedBodies } from './content-encoding';

/** One environment's rule set at one version, serialised once and served from memory. */
export interface CachedRuleSet {
  version: number;
  body: Buffer;
  /** The body and its compressed forms, each made once for this version. */
  bodies: EncodedBodies;
  etag: string;
  /** Set when served while the database cannot be reached: the last rule set built. */
  stale?: boolean;
}

/**
 * How long the SDK endpoint trusts the version it last read for an environment. Changes committed
 * on this replica are seen at once (the change feed); this bounds how late one committed by another
 * replica can be served when no fan-out message told us of it.
 */
export const VERSION_RECHECK_MS = 500;

interface EnvEntry {
  current?: CachedRuleSet;
  /** `current` marked stale: served while the database cannot be reached. */
  staleView?: CachedRuleSet;
  stale: boolean;
  /** Until when `current` is served without asking the database (performance.now() clock). */
  freshUntil: number;
  /** The highest version a change notice (feed, fan-out) has announced. */
  announced: number;
  /** Counts change notices, so a check knows whether one arrived while it ran. */
  notices: number;
  /** The version check in flight, shared by the requests that arrive meanwhile. */
  checking?: Promise<CachedRuleSet>;
}

export interface RuleSetCacheOptions {
  /** Committed changes of this replica: a newer version makes the next request rebuild. */
  feed?: ChangeFeed;
  recheckMs?: number;
}

/**
 * Builds an environment's rule set for server SDKs (live flags and segments) and keeps the
 * serialised bytes per version. The SDK endpoint (`current`) serves them without a query while the
 * version is known to be current: no newer change was announced and it was read from the database
 * less than `recheckMs` ago; `get` always checks the version with the database (stream hubs loading
 * an environment use it).
 */
export function createRuleSetCache(db: Database, options: RuleSetCacheOptions = {}) {
  const recheckMs = options.recheckMs ?? VERSION_RECHECK_MS;
  const entries = new Map<string, EnvEntry>();

  async function build(envKey: string): Promise<CachedRuleSet> {
    return db.read(async (s) => {
      const env = await s.environments.get(envKey);
      if (!env) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
      const { flags, segments } = await liveItems(s, envKey);
      const ruleSet: RuleSet = { environment: envKey, version: env.version, flags, segments };
      const body = Buffer.from(JSON.stringify(ruleSet));
      return { version: env.version, body, bodies: new EncodedBodies(body), etag: `"${envKey}-${env.version}-${createHash('sha1').update(body).digest('base64url').slice(0, 12)}"` };
    });
  }

  function entryOf(envKey: string): EnvEntry {
    let entry = entries.get(envKey);
    if (!entry) entries.set(envKey, (entry = { stale: false, freshUntil: 0, announced: 0, notices: 0 }));
    return entry;
  }

  /** Reads the environment's version; rebuilds the bytes when it differs from the cached ones. */
  async function check(envKey: string, entry: EnvEntry): Promise<CachedRuleSet> {
    const started = performance.now();
    const notices = entry.notices;
    let version: number | undefined;
    try {
      version = await db.read(async (s) => (await s.environments.get(envKey))?.version);
    } catch (err) {
      if (entry.current && isDatabaseUnavailable(err)) {
        // Serve the last rule set, marked stale; ask the database again at most every recheckMs.
        entry.stale = true;
        entry.freshUntil = performance.now() + recheckMs;
        return (entry.staleView ??= { ...entry.current, stale: true });
      }
      throw err;
    }
    if (version === undefined) entries.delete(envKey);
    let current = entry.current;
    if (!current || current.version !== version) {
      current = await build(envKey);
      if (entries.get(envKey) === entry && (!entry.current || entry.current.version <= current.version || entry.notices === notices)) {
        entry.current = current;
        entry.staleView = undefined;
      }
    }
    if (entry.current === current) {
      entry.stale = false;
      entry.freshUntil = started + recheckMs;
      // No notice during the check: the database's version is the truth (it may even have gone back, a restore).
      if (entry.notices === notices) entry.announced = current.version;
    }
    return current;
  }

  function checkShared(envKey: string): Promise<CachedRuleSet> {
    const entry = entryOf(envKey);
    if (entry.checking) return entry.checking;
    const promise = check(envKey, entry).finally(() => {
      if (entry.checking === promise) entry.checking = undefined;
    });
    entry.checking = promise;
    return promise;
  }

  /** A change was committed (here or, via a fan-out, on another replica). */
  function announce(change: Pick<ChangeRecord, 'envKey' | 'version'>): void {
    const entry = entries.get(change.envKey);
    if (!entry) return;
    entry.notices++;
    if (change.version > entry.announced) {
      entry.announced = change.version;
      entry.checking = undefined; // a check in flight may have read the version before this change
    }
  }
  options.feed?.subscribe(announce);

  return {
    /**
     * The rule set to serve now, synchronously when memory can answer (no newer change announced,
     * version read less than `recheckMs` ago, or the database recently unreachable: then marked
     * `stale`), else a promise that checks the version with the database (one query shared by the
     * requests arriving meanwhile).
     */
    current(envKey: string): CachedRuleSet | Promise<CachedRuleSet> {
      const entry = entries.get(envKey);
      if (entry?.current !== undefined && entry.current.version >= entry.announced && performance.now() < entry.freshUntil)
        return entry.stale ? (entry.staleView ??= { ...entry.current, stale: true }) : entry.current;
      return checkShared(envKey);
    },

    /**
     * The current rule set, its version checked with the database. While the database cannot be
     * reached, the last one built is served (marked `stale`), so SDKs polling or starting keep
     * getting rules through an outage.
     */
    get(envKey: string): Promise<CachedRuleSet> {
      return check(envKey, entryOf(envKey));
    },

    /** A change announced by another replica (fan-out): the next request re-reads the version. */
    announce,

    /** The database was seen failing elsewhere: every environment's version is re-read on its next request. */
    recheckAll(): void {
      for (const entry of entries.values()) entry.freshUntil = 0;
    },
  };
}

export type RuleSetCache = ReturnType<typeof createRuleSetCache>;
