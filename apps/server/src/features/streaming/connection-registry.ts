import type { SwitchyardCloseReason } from '@switchyard/core';
import type { ApiKeyRecord } from '../../db/records';
import { SourceLimits } from './source-limits';
import type { StreamConnection } from './stream-connection';
import type { StreamOptions } from './stream-options';

/**
 * The stream connections of this server, by key (from the moment they pass the limits) and by
 * environment (from `ready` on: they receive its changes), and the limits they are counted against.
 */
export class ConnectionRegistry {
  private readonly byEnv = new Map<string, Set<StreamConnection>>();
  private readonly byKey = new Map<string, Set<StreamConnection>>();
  /** Per-source limits of browser connections (OFREP event streams are counted against them too). */
  readonly sources: SourceLimits;

  constructor(private readonly options: StreamOptions) {
    this.sources = new SourceLimits(options.maxConnectionsPerSource, options.contextsPerSourcePerMinute);
  }

  /**
   * Counts a connection whose key was checked against the limits, in order: per key (server keys:
   * `maxConnectionsPerKey`; client keys, which every visitor shares: `maxConnectionsPerClientKey`),
   * then for browsers per source: connections open, and contexts per minute. Returns the limit it
   * hit, or undefined when it is admitted — and counted at once, before anything is awaited, so a
   * burst of hellos cannot all pass the checks.
   */
  admit(conn: StreamConnection, key: ApiKeyRecord): SwitchyardCloseReason | undefined {
    const open = this.byKey.get(key.id)?.size ?? 0;
    if (key.kind === 'client') {
      if (open >= this.options.maxConnectionsPerClientKey) return 'too-many-connections';
      const refused = this.sources.admit(conn.source);
      if (refused) return refused;
      conn.countedAtSource = true;
    } else if (open >= this.options.maxConnectionsPerKey) return 'too-many-connections';
    conn.key = key;
    add(this.byKey, key.id, conn);
    return undefined;
  }

  /** The connection was sent `ready`: from now on it receives its environment's changes. */
  join(conn: StreamConnection, envKey: string): void {
    add(this.byEnv, envKey, conn);
  }

  /** Whether a browser connection may have one more context evaluated (its source's rate). */
  takeContext(conn: StreamConnection): boolean {
    return this.sources.takeContext(conn.source);
  }

  /** Forgets a closed connection. */
  remove(conn: StreamConnection): void {
    if (conn.countedAtSource) this.sources.release(conn.source);
    conn.countedAtSource = false;
    if (!conn.key) return;
    drop(this.byEnv, conn.key.envKey!, conn);
    drop(this.byKey, conn.key.id, conn);
  }

  /** The connections receiving an environment's changes. */
  inEnvironment(envKey: string): ReadonlySet<StreamConnection> | undefined {
    return this.byEnv.get(envKey);
  }

  /** The connections of a key (a copy: closing them changes the registry). */
  ofKey(keyId: string): StreamConnection[] {
    return [...(this.byKey.get(keyId) ?? [])];
  }

  /** Ids of the keys with connections. */
  keyIds(): string[] {
    return [...this.byKey.keys()];
  }

  /** Every connection past `ready` (a copy). */
  all(): StreamConnection[] {
    const out: StreamConnection[] = [];
    for (const set of this.byEnv.values()) out.push(...set);
    return out;
  }
}

function add<K>(map: Map<K, Set<StreamConnection>>, key: K, conn: StreamConnection): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(conn);
}

function drop<K>(map: Map<K, Set<StreamConnection>>, key: K, conn: StreamConnection): void {
  const set = map.get(key);
  set?.delete(conn);
  if (set?.size === 0) map.delete(key);
}
