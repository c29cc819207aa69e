import {
  closeCodeInfo,
  encode,
  INITIAL_BACKOFF_STATE,
  nextBackoff,
  PROTOCOL_VERSION,
  STREAM_PATH,
  type BackoffState,
  type ClientMessage,
  type CloseCodeInfo,
  type EvaluationContext,
  type ValuesMessage,
} from '@switchyard/core';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './platform';
import { readServerFrame } from './server-frame';
import type { Logger } from './types';

/** This SDK, as it introduces itself in `hello`. */
export const SDK_INFO = { name: '@switchyard/sdk-browser', version: '0.1.0' } as const;

/** Acks are coalesced to at most one per this many milliseconds (docs/protocol.md, Versions). */
export const ACK_INTERVAL_MS = 1_000;

/** What the stream asks of, and tells, the client it works for. */
export interface StreamHost {
  /** The context to evaluate for, and its generation (bumped by every identify). */
  readonly currentContext: EvaluationContext;
  readonly generation: number;
  /** The last environment version applied, sent as `hello.lastVersion`. */
  readonly lastVersion: number | undefined;
  /** Values evaluated for the latest context sent; `generation` is that context's. */
  values(message: ValuesMessage, generation: number): void;
  /** The connection closed; `final` when the close code forbids reconnecting. */
  down(close: CloseCodeInfo, final: boolean): void;
}

export interface StreamOptions {
  clientKey: string;
  baseUrl: string;
  webSocket: WebSocketConstructor;
  backoff: { initialMs?: number; maxMs?: number };
  connectTimeoutMs: number;
  random: () => number;
  logger: Logger;
}

type Timer = ReturnType<typeof setTimeout>;

/** `http(s)://host/prefix` → `ws(s)://host/prefix/sdk/v1/stream`. */
export function streamUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/i, 'ws').replace(/\/+$/, '') + STREAM_PATH;
}

/**
 * One logical stream to the server over successive WebSockets: hello, heartbeats both ways,
 * contexts with their `seq`, coalesced acks, and reconnects (core's `nextBackoff`: exponential with
 * full jitter, capped low while the server is unreachable; at once after `goaway`; never after a
 * no-retry close code). Values are handed to the host only
 * when their `contextSeq` is the latest `seq` sent on the current connection.
 */
export class Stream {
  // `#` fields: esbuild shortens their names, which TypeScript's `private` ones keep (bundle size).
  readonly #host: StreamHost;
  readonly #options: StreamOptions;
  #socket: WebSocketLike | undefined;
  #backoff: BackoffState = INITIAL_BACKOFF_STATE;
  /** This connection's WebSocket opened; it got in sync (full values applied). */
  #opened = false;
  #synced = false;
  #live = false;
  #stopped = false;
  /** Latest context `seq` sent on this connection (0: the hello's), and its generation. */
  #seq = 0;
  #sentGeneration = -1;
  #heartbeatMs = 0;
  #lastHeard = 0;
  #retryAfterMs: number | undefined;
  #pendingAck = -1;
  #lastAckAt = 0;
  #ackTimer: Timer | undefined;
  #connectTimer: Timer | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #retryTimer: Timer | undefined;

  constructor(host: StreamHost, options: StreamOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** Opens the first connection. */
  start(): void {
    this.#connect();
  }

  /** Stops for good: closes the socket and cancels every timer. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#drop(1000);
  }

  /** Sends the host's context if this live connection evaluates for an older one (identify). */
  syncContext(): void {
    if (!this.#live || this.#sentGeneration === this.#host.generation) return;
    this.#sentGeneration = this.#host.generation;
    this.#send({ type: 'context', seq: ++this.#seq, context: this.#host.currentContext });
  }

  /** Acknowledges an applied version: at once, or coalesced to one ack per {@link ACK_INTERVAL_MS}. */
  ack(version: number): void {
    this.#pendingAck = Math.max(this.#pendingAck, version);
    if (this.#ackTimer !== undefined) return;
    const flush = () => {
      this.#ackTimer = undefined;
      this.#lastAckAt = Date.now();
      this.#send({ type: 'ack', version: this.#pendingAck });
    };
    const wait = this.#lastAckAt + ACK_INTERVAL_MS - Date.now();
    if (wait <= 0) flush();
    else this.#ackTimer = setTimeout(flush, wait);
  }

  #connect(): void {
    if (this.#stopped) return;
    let socket: WebSocketLike;
    try {
      socket = new this.#options.webSocket(streamUrl(this.#options.baseUrl));
    } catch (err) {
      // A URL the platform refuses (e.g. ws:// from an https page): no retry will fix it.
      this.#stopped = true;
      this.#host.down({ code: 0, reason: 'unknown', retry: 'no', message: `cannot open the stream: ${String(err)}` }, true);
      return;
    }
    this.#socket = socket;
    this.#seq = 0;
    this.#retryAfterMs = undefined;
    this.#opened = this.#synced = false;
    socket.onopen = () => {
      this.#opened = true;
      this.#lastHeard = Date.now();
      const { currentContext: context, generation, lastVersion } = this.#host;
      this.#sentGeneration = generation;
      this.#send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        sdk: { ...SDK_INFO },
        key: this.#options.clientKey,
        context,
        ...(lastVersion !== undefined ? { lastVersion } : {}),
      });
    };
    socket.onmessage = (event: { data: unknown }) => this.#receive(event.data);
    socket.onclose = (event: { code: number }) => this.#closed(event.code);
    socket.onerror = () => undefined; // a close event follows
    this.#connectTimer = setTimeout(() => this.#drop(1006), this.#options.connectTimeoutMs);
  }

  #receive(data: unknown): void {
    this.#lastHeard = Date.now();
    const read = readServerFrame(data);
    if (!read.ok) {
      // docs/protocol.md: apply none of it, close with 4000 and reconnect with backoff.
      this.#options.logger.warn(`[switchyard] refused a server frame: ${read.error}`);
      return this.#drop(4000);
    }
    const m = read.message;
    switch (m.type) {
      case 'ready':
        clearTimeout(this.#connectTimer);
        this.#live = true;
        this.#heartbeatMs = m.heartbeatMs;
        clearInterval(this.#heartbeat);
        this.#heartbeat = setInterval(() => this.#beat(), m.heartbeatMs);
        return this.syncContext();
      case 'values':
        if (this.#live && m.contextSeq === this.#seq) {
          this.#host.values(m, this.#sentGeneration);
          this.#synced = true;
        }
        return;
      case 'ping':
        return this.#send({ type: 'pong' });
      case 'goaway':
        this.#retryAfterMs = m.retryAfterMs;
        return;
      case 'error':
        return this.#options.logger.warn(`[switchyard] server closing the stream: ${m.code}: ${m.message}`);
    }
  }

  /** Every heartbeat: a ping, or the end of a connection silent for two heartbeats. */
  #beat(): void {
    if (Date.now() - this.#lastHeard > 2 * this.#heartbeatMs) this.#drop(1006);
    else this.#send({ type: 'ping' });
  }

  #send(message: ClientMessage): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(encode(message));
  }

  /** Ends the current socket ourselves and handles it as closed with `code` (no waiting for the close handshake). */
  #drop(code: number): void {
    const socket = this.#socket;
    if (!socket) return;
    try {
      socket.close(code === 1006 ? 1000 : code);
    } catch {
      /* already closing */
    }
    this.#closed(code);
  }

  #closed(code: number): void {
    const socket = this.#socket;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    this.#socket = undefined;
    this.#live = false;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#ackTimer);
    clearInterval(this.#heartbeat);
    this.#ackTimer = undefined;
    if (this.#stopped) return;
    const info = closeCodeInfo(code);
    if (info.retry === 'no') {
      this.#stopped = true;
      return this.#host.down(info, true);
    }
    this.#host.down(info, false);
    // The same policy as the Node SDK's (core's nextBackoff): a goodbye (`goaway`, 4012) is not an attempt.
    let delay = this.#retryAfterMs ?? 0;
    if (info.retry === 'now' || this.#retryAfterMs !== undefined) this.#backoff = { attempt: this.#synced ? 0 : this.#backoff.attempt, unreachableSince: undefined };
    else ({ delayMs: delay, state: this.#backoff } = nextBackoff(this.#backoff, { opened: this.#opened, synced: this.#synced }, Date.now(), this.#options.random, this.#options.backoff));
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }
}
