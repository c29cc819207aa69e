import type { Database } from '../../db/stores';
import type { ChangeFeed } from '../changes/change-feed';
import type { FlagFacts } from './ofrep-wire';

/** How long flag definitions read for OFREP metadata are trusted without a change notice. */
export const FLAG_FACTS_RECHECK_MS = 5_000;

/**
 * Owner and expiry of every flag, for OFREP metadata: fields of the flag's definition that the
 * evaluable form SDKs receive does not carry. Read in one query and re-read after a change is
 * committed on this replica (the feed) or, for changes made through another replica, after
 * `recheckMs` — in the background, the last facts served meanwhile. Metadata is documentary: a
 * moment late is harmless, and no value or reason depends on it.
 */
export function createFlagFacts(db: Database, feed: ChangeFeed, recheckMs = FLAG_FACTS_RECHECK_MS) {
  let facts: Map<string, FlagFacts> | undefined;
  let freshUntil = 0;
  let loading: Promise<Map<string, FlagFacts>> | undefined;
  const unsubscribe = feed.subscribe(() => {
    freshUntil = 0;
    loading = undefined;
  });

  function load(): Promise<Map<string, FlagFacts>> {
    const started = performance.now();
    const promise = db
      .read((s) => s.flags.list({}))
      .then((flags) => {
        const map = new Map(flags.map((f) => [f.key, { owner: f.owner, expiresAt: f.expiresAt }]));
        if (loading === promise) {
          facts = map;
          freshUntil = started + recheckMs;
          loading = undefined;
        }
        return map;
      })
      .catch(() => {
        if (loading === promise) loading = undefined;
        // Metadata must not fail an evaluation (the database may be unreachable): the last facts read, or none.
        return facts ?? new Map<string, FlagFacts>();
      });
    loading = promise;
    return promise;
  }

  return {
    /**
     * Every flag's facts, synchronously once read (a stale copy starts one shared re-read and is
     * served meanwhile: no evaluation waits for metadata after a change); the first time, a promise.
     */
    current(): Map<string, FlagFacts> | Promise<Map<string, FlagFacts>> {
      if (facts !== undefined) {
        if (performance.now() >= freshUntil && loading === undefined) void load();
        return facts;
      }
      return loading ?? load();
    },
    close: unsubscribe,
  };
}

export type FlagFactsCache = ReturnType<typeof createFlagFacts>;
