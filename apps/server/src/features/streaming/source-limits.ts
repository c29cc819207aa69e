import { TokenBucket } from './token-bucket';

/** A limit a browser connection can hit at its source (see SourceLimits). */
export type SourceRefusal = 'too-many-connections-from-source' | 'context-rate-exceeded';

interface SourceEntry {
  connections: number;
  /** Evaluation contexts: a minute's worth at once, then steadily. */
  contexts: TokenBucket;
}

/**
 * Per-source limits of browser (client key) connections on this replica: how many may be open from
 * one source at once, and how many evaluation contexts (a hello's, then each `context` message) one
 * source may send per minute. A client key ships in page JavaScript, so a per-key limit would let
 * one visitor lock every other out: these bound what one network source can take instead. Sources
 * are `sourceOf` addresses.
 */
export class SourceLimits {
  private readonly sources = new Map<string, SourceEntry>();
  /** The map is swept when it reaches this size (then twice what is left): bounded by the sources active in the last minute. */
  private sweepAt = 1_024;

  constructor(
    private readonly maxConnections: number,
    private readonly contextsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits one more connection from `source`, with its hello's context, or says which limit it hit. */
  admit(source: string): SourceRefusal | undefined {
    const entry = this.entry(source);
    if (entry.connections >= this.maxConnections) return 'too-many-connections-from-source';
    if (!entry.contexts.take()) return 'context-rate-exceeded';
    entry.connections++;
    return undefined;
  }

  /** Whether `source` may send one more context now (an open connection's identify). */
  takeContext(source: string): boolean {
    return this.entry(source).contexts.take();
  }

  /** An admitted connection closed. */
  release(source: string): void {
    const entry = this.sources.get(source);
    if (entry) entry.connections = Math.max(0, entry.connections - 1);
  }

  /** Sources tracked: with connections open, or contexts spent in the last minute. */
  get size(): number {
    return this.sources.size;
  }

  private entry(source: string): SourceEntry {
    let entry = this.sources.get(source);
    if (entry === undefined) {
      if (this.sources.size >= this.sweepAt) this.sweep();
      entry = { connections: 0, contexts: new TokenBucket(this.contextsPerMinute / 60, this.contextsPerMinute, this.now) };
      this.sources.set(source, entry);
    }
    return entry;
  }

  /** Forgets sources with nothing open and a full bucket: they are as if never seen. */
  private sweep(): void {
    for (const [source, entry] of this.sources) if (entry.connections === 0 && entry.contexts.full()) this.sources.delete(source);
    this.sweepAt = Math.max(1_024, 2 * this.sources.size);
  }
}
