import type { ChangeRecord } from '../../db/records';
import { AppError } from '../../errors/catalogue';
import type { ChangeFeed } from '../../features/changes/change-feed';
import { itemsOf } from '../../features/changes/change-items';

/** Why the server ended an event stream (sent as the stream's last event, `event: close`). */
export type EventStreamEnd = 'token-revoked' | 'signed-out' | 'credentials-expired' | 'shutdown';

export interface EventStreamLimits {
  /** Open streams of one admin token (its sessions included). */
  perToken: number;
  /** Open streams of this process. */
  total: number;
}

export const DEFAULT_EVENT_STREAM_LIMITS: EventStreamLimits = { perToken: 25, total: 1_000 };

/** One open stream, as the registry sees it. */
export interface EventStreamSink {
  /** The admin token behind it (bearer, or the session's token). */
  keyId: string;
  /** The session behind it (its id's hash), when it was opened with a session cookie. */
  sessionHash: string | undefined;
  write(text: string): void;
  /** Ends the response with a last `close` event. */
  end(reason: EventStreamEnd): void;
}

/**
 * The open admin event streams of this process: each committed change is formatted once and
 * written to all of them; they are capped per token and in total, and ended when what opened them
 * ends — the token revoked, the session signed out or expired — or the server shuts down.
 */
export class EventStreams {
  private readonly open = new Set<EventStreamSink>();
  private readonly byKey = new Map<string, Set<EventStreamSink>>();
  private readonly unsubscribe: () => void;

  constructor(
    feed: ChangeFeed,
    private readonly limits: EventStreamLimits = DEFAULT_EVENT_STREAM_LIMITS,
    private readonly onRefused: (limit: 'per-token' | 'total') => void = () => undefined,
  ) {
    this.unsubscribe = feed.subscribe((change) => this.broadcast(change));
  }

  /** Throws EVENT_STREAM_LIMIT (429) when the token, or the process, has all the streams it may. */
  admit(keyId: string): void {
    const ofKey = this.byKey.get(keyId)?.size ?? 0;
    if (ofKey >= this.limits.perToken) this.refuse('per-token', this.limits.perToken, `This token has ${ofKey} event streams open, the most one token may.`);
    if (this.open.size >= this.limits.total) this.refuse('total', this.limits.total, `The server has ${this.open.size} event streams open, the most it takes.`);
  }

  /** Registers an admitted stream; returns its removal (call it when the connection closes). */
  add(sink: EventStreamSink): () => void {
    this.open.add(sink);
    let ofKey = this.byKey.get(sink.keyId);
    if (!ofKey) this.byKey.set(sink.keyId, (ofKey = new Set()));
    ofKey.add(sink);
    return () => this.remove(sink);
  }

  /** Ends every stream opened with the token, or with a session of it. */
  closeKey(keyId: string): void {
    for (const sink of [...(this.byKey.get(keyId) ?? [])]) this.end(sink, 'token-revoked');
  }

  /** Ends every stream opened with the session (by its id's hash). */
  closeSession(sessionHash: string): void {
    for (const sink of [...this.open]) if (sink.sessionHash === sessionHash) this.end(sink, 'signed-out');
  }

  /** Ends one stream whose credentials no longer hold (found by a periodic re-check). */
  expire(sink: EventStreamSink): void {
    if (this.open.has(sink)) this.end(sink, 'credentials-expired');
  }

  /** Server shutdown: every stream ends, so that closing the server does not wait for them. */
  shutdown(): void {
    this.unsubscribe();
    for (const sink of [...this.open]) this.end(sink, 'shutdown');
  }

  get size(): number {
    return this.open.size;
  }

  private refuse(limit: 'per-token' | 'total', max: number, message: string): never {
    this.onRefused(limit);
    throw new AppError('EVENT_STREAM_LIMIT', `${message} Close a tab or sign out elsewhere, then retry.`, { limit, max });
  }

  private end(sink: EventStreamSink, reason: EventStreamEnd): void {
    this.remove(sink);
    sink.end(reason);
  }

  private remove(sink: EventStreamSink): void {
    this.open.delete(sink);
    const ofKey = this.byKey.get(sink.keyId);
    ofKey?.delete(sink);
    if (ofKey?.size === 0) this.byKey.delete(sink.keyId);
  }

  /** Writes one named event (e.g. `change-request`, when a request moves) to every open stream. */
  announce(event: string, data: unknown): void {
    if (this.open.size === 0) return;
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const sink of this.open) sink.write(text);
  }

  private broadcast(c: ChangeRecord): void {
    if (this.open.size === 0) return;
    // A plan's batch is one version of several items: one event per item, all with that version.
    const items = c.kind === 'batch' ? itemsOf(c) : [c];
    let text = '';
    for (const i of items) text += `event: change\ndata: ${JSON.stringify({ environment: c.envKey, version: c.version, kind: i.kind, key: i.key, op: i.op, at: c.at })}\n\n`;
    for (const sink of this.open) sink.write(text);
  }
}
