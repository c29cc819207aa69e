import { configEtag } from './ofrep-etag';
import type { SourceLimits } from '../streaming/source-limits';

/** Why an event stream was refused at its opening (answered 429 or 401 before any event). */
export type OfrepStreamRefusal = 'too-many-connections' | 'too-many-connections-from-source' | 'context-rate-exceeded';

export interface OfrepStreamLimits {
  /** Streams one server SDK key may hold on this server (the WebSocket stream's `maxConnectionsPerKey`). */
  maxConnectionsPerKey: number;
  /** Streams one client key may hold (the WebSocket stream's `maxConnectionsPerClientKey`). */
  maxConnectionsPerClientKey: number;
}

/** One open event stream, as the registry sees it. */
export interface OfrepStreamSink {
  keyId: string;
  kind: 'server' | 'client';
  envKey: string;
  /** The provider it belongs to: key id and targeting-key hash. */
  provider: string;
  /** Where it comes from (sourceOf), counted against the browser limits for client keys. */
  source: string;
  /** The token window it was opened with: it is ended when the token expires. */
  window: number;
  /** Whether it was already told to re-fetch for a renewal of its token. */
  renewalSent: boolean;
  write(text: string): void;
  end(): void;
}

/** At most this many providers' last fetched versions are remembered (oldest forgotten first). */
const FETCHED_LIMIT = 100_000;

/** One `refetchEvaluation` event at a version: its id is the version, so Last-Event-ID resumes from it. */
export function refetchEvent(version: number, lastModifiedSec: number): string {
  return `id: ${version}\nevent: message\ndata: ${JSON.stringify({ type: 'refetchEvaluation', etag: configEtag(version), lastModified: lastModifiedSec })}\n\n`;
}

/**
 * The OFREP event streams of this process, by environment and key, with the limits the WebSocket
 * stream applies (per key, per source for client keys), and the versions providers last fetched:
 * a provider counts as having applied a version once it fetched a bulk evaluation at it or later
 * (the kill view's "landed on N of N").
 */
export class OfrepStreams {
  private readonly byEnv = new Map<string, Set<OfrepStreamSink>>();
  private readonly byKey = new Map<string, Set<OfrepStreamSink>>();
  /** provider -> the environment version its last bulk evaluation was answered at. */
  private readonly fetched = new Map<string, number>();

  constructor(
    private readonly limits: OfrepStreamLimits,
    private readonly sources: SourceLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a stream against the limits, or says which one it hit. */
  admit(sink: OfrepStreamSink): OfrepStreamRefusal | undefined {
    const open = this.byKey.get(sink.keyId)?.size ?? 0;
    if (sink.kind === 'client') {
      if (open >= this.limits.maxConnectionsPerClientKey) return 'too-many-connections';
      const refused = this.sources.admit(sink.source);
      if (refused) return refused;
    } else if (open >= this.limits.maxConnectionsPerKey) return 'too-many-connections';
    add(this.byKey, sink.keyId, sink);
    add(this.byEnv, sink.envKey, sink);
    return undefined;
  }

  /** Forgets a closed stream. */
  remove(sink: OfrepStreamSink): void {
    const known = this.byKey.get(sink.keyId)?.has(sink) === true;
    drop(this.byKey, sink.keyId, sink);
    drop(this.byEnv, sink.envKey, sink);
    if (known && sink.kind === 'client') this.sources.release(sink.source);
  }

  /** A provider was answered a bulk evaluation (200 or 304) at `version`. */
  fetchedAt(provider: string, version: number): void {
    const before = this.fetched.get(provider);
    if (before !== undefined && before >= version) return;
    this.fetched.delete(provider); // re-inserted last: the map is oldest first
    this.fetched.set(provider, version);
    if (this.fetched.size > FETCHED_LIMIT) this.fetched.delete(this.fetched.keys().next().value!);
  }

  /** The version a provider last fetched, if it is remembered. */
  lastFetched(provider: string): number | undefined {
    return this.fetched.get(provider);
  }

  /** An environment's changes up to `version` were applied: every stream of it is told to re-fetch. */
  changed(envKey: string, version: number): void {
    const sinks = this.byEnv.get(envKey);
    if (!sinks) return;
    const text = refetchEvent(version, Math.floor(this.now() / 1000));
    for (const sink of sinks) sink.write(text);
  }

  /** How many open streams of an environment have fetched `version` (or later). */
  delivery(envKey: string, version: number): { total: number; applied: number } {
    let total = 0;
    let applied = 0;
    for (const sink of this.byEnv.get(envKey) ?? []) {
      total++;
      if ((this.fetched.get(sink.provider) ?? -1) >= version) applied++;
    }
    return { total, applied };
  }

  /** Ends every stream of a revoked key. */
  closeKey(keyId: string): void {
    for (const sink of [...(this.byKey.get(keyId) ?? [])]) this.end(sink);
  }

  /** Server shutdown: every stream ends (providers reconnect to another replica). */
  shutdown(): void {
    for (const set of [...this.byEnv.values()]) for (const sink of [...set]) this.end(sink);
  }

  /** Every open stream (a copy), for the heartbeat. */
  all(): OfrepStreamSink[] {
    const out: OfrepStreamSink[] = [];
    for (const set of this.byEnv.values()) out.push(...set);
    return out;
  }

  get size(): number {
    let n = 0;
    for (const set of this.byEnv.values()) n += set.size;
    return n;
  }

  end(sink: OfrepStreamSink): void {
    this.remove(sink);
    sink.end();
  }
}

function add(map: Map<string, Set<OfrepStreamSink>>, key: string, sink: OfrepStreamSink): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(sink);
}

function drop(map: Map<string, Set<OfrepStreamSink>>, key: string, sink: OfrepStreamSink): void {
  const set = map.get(key);
  set?.delete(sink);
  if (set?.size === 0) map.delete(key);
}
