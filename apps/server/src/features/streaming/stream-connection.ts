import {
  CLOSE_CODES,
  closeCodeInfo,
  closeReasonForParseError,
  encode,
  parseClientMessage,
  type ClientMessage,
  type EvaluationContext,
  type ServedValue,
  type ServerMessage,
  type StandardCloseReason,
  type SwitchyardCloseReason,
} from '@switchyard/core';
import type { WebSocket } from 'ws';
import type { ApiKeyRecord } from '../../db/records';
import { readAckFrame } from './ack-frame';
import { sharedFrame, type Frame } from './frame';
import { corked, writeRaw } from '../../fast-paths/ws-raw-socket';
import type { StreamOptions } from './stream-options';
import { TokenBucket } from './token-bucket';

const PING = sharedFrame({ type: 'ping' });

/** What connections report to the server's metrics. */
export interface StreamCounters {
  /** A frame was sent. */
  sent(): void;
  /** The server refused the connection or one of its messages (or cut it off), with this close reason. */
  refused(reason: SwitchyardCloseReason | StandardCloseReason): void;
}

const NO_COUNTERS: StreamCounters = { sent: () => undefined, refused: () => undefined };

/** `ws`'s error codes for frames it refuses itself (closing with a standard code), as close reasons. */
const WS_REFUSALS: Record<string, StandardCloseReason> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 'message-too-big',
  WS_ERR_INVALID_UTF8: 'invalid-payload',
};

/** How long the peer has to answer our close frame before the socket is cut. */
const CLOSE_HANDSHAKE_MS = 1_000;

/**
 * `hello`: waiting for it; `authenticating`: hello received, its key being looked up and checked
 * (nothing else is read: any other message is refused); `syncing`: `ready` sent, catching the SDK up;
 * `live`: in sync, receiving changes as they commit.
 */
export type ConnectionPhase = 'hello' | 'authenticating' | 'syncing' | 'live' | 'closed';

/**
 * One SDK's WebSocket. Knows its key, its phase, what it was sent and what it acknowledged; the hub
 * decides what to send. Frames are sent while syncing are held back and flushed in order afterwards.
 */
export class StreamConnection {
  phase: ConnectionPhase = 'hello';
  key: ApiKeyRecord | undefined;
  /** Where the connection comes from (`sourceOf` its address), for the browser limits per source. */
  source = 'unknown';
  /** Counted against its source's open connections (a browser connection past its checks). */
  countedAtSource = false;
  /** Browser connections: the context and its seq, and the values last sent. */
  context: EvaluationContext = {};
  contextSeq = 0;
  values: Record<string, ServedValue> = {};
  /** The protocol version the SDK's hello named (1 has no `changes` message). */
  protocol = 1;
  /** Highest environment version included in anything sent, and highest acknowledged. */
  sentVersion = -1;
  ackedVersion = -1;
  private readonly held: { version: number; frame: Frame }[] = [];
  private readonly bucket: TokenBucket;
  private summaries: TokenBucket | undefined;
  private lastHeard = Date.now();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly options: StreamOptions,
    private readonly counters: StreamCounters = NO_COUNTERS,
  ) {
    this.bucket = new TokenBucket(options.messagesPerSecond, options.messageBurst);
  }

  /** Whether `ready` was sent: from then on the SDK may send more than hello. */
  get ready(): boolean {
    return this.phase === 'syncing' || this.phase === 'live';
  }

  get kind(): 'server' | 'client' | undefined {
    return this.key?.kind === 'server' || this.key?.kind === 'client' ? this.key.kind : undefined;
  }

  /** Wires socket events: `onMessage` gets each valid message, in order. */
  start(onMessage: (message: ClientMessage) => void, onClose: () => void): void {
    this.timers.push(setTimeout(() => this.phase === 'hello' && this.close('hello-timeout'), this.options.helloTimeoutMs));
    this.socket.on('message', (data, isBinary) => {
      this.lastHeard = Date.now();
      if (this.phase === 'closed') return;
      if (isBinary) return this.close('bad-message', 'Binary frames are not accepted.');
      if (!this.bucket.take()) return this.close('limit-exceeded', 'Too many messages.');
      // Acks are most of what SDKs send: a plain, well-formed one is read without the full parser
      // (once `ready` is sent: before, the hub refuses anything but hello).
      const acked = this.ready && Buffer.isBuffer(data) ? readAckFrame(data) : undefined;
      if (acked !== undefined) {
        this.ackedVersion = Math.max(this.ackedVersion, acked);
        return;
      }
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return this.close(closeReasonForParseError(parsed.error), parsed.error.message, parsed.error.path);
      onMessage(parsed.message);
    });
    this.socket.on('close', () => {
      this.phase = 'closed';
      for (const t of this.timers) clearTimeout(t);
      onClose();
    });
    this.socket.on('error', (err: Error & { code?: string }) => {
      this.counters.refused(WS_REFUSALS[err.code ?? ''] ?? 'protocol-error');
      this.socket.terminate();
    });
  }

  /** Whether the connection may send another evaluation summary now (`summariesPerMinute` for its key kind). */
  takeSummary(): boolean {
    const kind = this.kind;
    if (kind === undefined) return false;
    const perMinute = this.options.summariesPerMinute[kind];
    this.summaries ??= new TokenBucket(perMinute / 60, perMinute);
    return this.summaries.take();
  }

  /** Starts heartbeats once the connection is live: a ping every period, and silence kills it. */
  startHeartbeat(): void {
    const every = this.options.heartbeatMs;
    this.timers.push(
      setInterval(() => {
        if (Date.now() - this.lastHeard > 2 * every) return this.socket.terminate();
        this.sendFrame(PING);
      }, every),
    );
  }

  send(message: ServerMessage): void {
    this.sendFrame(encode(message));
  }

  /** Sends a frame; bytes go out as a text frame (they are UTF-8 JSON). */
  sendFrame(frame: Frame): void {
    if (this.phase !== 'closed' && this.socket.readyState === this.socket.OPEN) {
      if (typeof frame === 'string') this.socket.send(frame);
      else this.socket.send(frame, { binary: false });
      this.counters.sent();
    }
  }

  /**
   * Sends a versioned frame now, or holds it while the connection is syncing. A version the
   * connection already has (it was sent a snapshot or full values at or after it) is not sent again.
   */
  deliver(version: number, frame: Frame): void {
    if (this.phase === 'syncing') this.held.push({ version, frame });
    else if (this.phase === 'live' && version > this.sentVersion) {
      this.sentVersion = version;
      this.sendFrame(frame);
    }
  }

  /**
   * Sends prebuilt wire frames (`frames` of them, versions up to `lastVersion`) straight to the TCP
   * socket when the connection is live; false when it cannot, and the caller sends them one by one.
   */
  deliverWire(lastVersion: number, bytes: Buffer, frames: number): boolean {
    if (this.phase !== 'live' || this.socket.readyState !== this.socket.OPEN || !writeRaw(this.socket, bytes)) return false;
    this.sentVersion = Math.max(this.sentVersion, lastVersion);
    for (let i = 0; i < frames; i++) this.counters.sent();
    return true;
  }

  /** Runs `send` with the socket corked: the frames it sends go out in one write. */
  corked(send: () => void): void {
    corked(this.socket, send);
  }

  /** Ends syncing at `syncedVersion`: held frames for later versions go out in order. */
  goLive(syncedVersion: number): void {
    this.sentVersion = Math.max(this.sentVersion, syncedVersion);
    this.phase = 'live';
    const held = this.held.splice(0);
    if (held.length > 0) this.corked(() => held.forEach((h) => this.deliver(h.version, h.frame)));
    this.startHeartbeat();
  }

  /** Whether this connection has applied `version` (or was never sent anything at or after it). */
  hasApplied(version: number): boolean {
    return this.phase === 'live' && this.ackedVersion >= Math.min(version, this.sentVersion);
  }

  /** Sends an `error` message and closes with the reason's code. */
  close(reason: SwitchyardCloseReason, message?: string, path?: (string | number)[]): void {
    if (this.phase === 'closed') return;
    this.counters.refused(reason);
    const code = CLOSE_CODES[reason];
    const info = closeCodeInfo(code);
    this.send({ type: 'error', code: reason, message: message ?? info.message, retry: info.retry !== 'no', ...(path ? { path } : {}) });
    this.phase = 'closed';
    this.socket.close(code, reason);
    this.dropIfClosingStalls();
  }

  /** Server shutdown: tell the SDK to reconnect elsewhere. */
  goAway(retryAfterMs: number): void {
    if (this.phase === 'closed') return;
    this.send({ type: 'goaway', retryAfterMs });
    this.phase = 'closed';
    this.socket.close(CLOSE_CODES['going-away'], 'going-away');
    this.dropIfClosingStalls();
  }

  /** A peer that does not answer our close frame (a trickler, a dead link) is cut off after a second. */
  private dropIfClosingStalls(): void {
    setTimeout(() => {
      if (this.socket.readyState !== this.socket.CLOSED) this.socket.terminate();
    }, CLOSE_HANDSHAKE_MS).unref();
  }
}
