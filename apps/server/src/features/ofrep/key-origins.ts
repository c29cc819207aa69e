import type { Database } from '../../db/stores';

/** How often, at most, an origin no live client key lists makes the server re-read the keys. */
export const KEY_ORIGINS_RECHECK_MS = 1_000;

/**
 * The browser origins live client keys list (`allowedOrigins`), for CORS preflights, which carry no
 * key: a preflight from an origin some live key lists is answered, and the key of the actual
 * request then decides whether the page may read the answer. Read in one query; an origin not
 * among them re-reads the keys at most once per `recheckMs` (so a new key's origins work at once,
 * and unknown origins cannot make a query each).
 */
export function createKeyOrigins(db: Database, recheckMs = KEY_ORIGINS_RECHECK_MS) {
  let origins = new Set<string>();
  let readAt = -Infinity;
  let loading: Promise<void> | undefined;

  const load = (): Promise<void> =>
    (loading ??= db
      .read((s) => s.keys.list())
      .then((keys) => {
        const next = new Set<string>();
        for (const k of keys) if (k.kind === 'client' && k.revokedAt === null) for (const o of k.allowedOrigins ?? []) next.add(o);
        origins = next;
      })
      .catch(() => undefined) // the database unreachable: the last list stands
      .finally(() => {
        readAt = performance.now();
        loading = undefined;
      }));

  return {
    /** A key was revoked: its origins go, the next preflight reads the keys again. */
    forget(): void {
      origins = new Set();
      readAt = -Infinity;
    },
    /** Whether some live client key lists the origin. */
    async listed(origin: string): Promise<boolean> {
      if (origins.has(origin)) return true;
      if (performance.now() - readAt >= recheckMs) await load();
      return origins.has(origin);
    },
  };
}

export type KeyOrigins = ReturnType<typeof createKeyOrigins>;
