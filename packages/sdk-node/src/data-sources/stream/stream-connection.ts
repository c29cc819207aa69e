import {
  checkMessageForKeyKind,
  closeCodeInfo,
  DEFAULT_HEARTBEAT_MS,
  encode,
  heartbeatDeadlineMs,
  parseServerMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type DeleteMessage,
  type ErrorMessage,
  type PatchMessage,
  type ReadyMessage,
  type SnapshotMessage,
} from '@switchyard/core';
import type { Scheduler } from '../../platform/scheduler';
import type { StreamSocket, StreamTransport } from '../../platform/transport';
import { SDK_INFO } from '../../sdk-info';
import type { DataSourceSink } from '../data-source';
import { createAckScheduler, type AckTiming } from './ack-scheduler';
import { createHeartbeatMonitor } from './heartbeat-monitor';
import type { ConnectionEnd } from './reconnect-policy';

/** What one connection needs. */
export interface StreamConnectionDeps {
  transport: StreamTransport;
  url: string;
  sdkKey: string;
  connectTimeoutMs: number;
  sink: DataSourceSink;
  scheduler: Scheduler;
  /** `hello.lastVersion`: the version to resume from, when the data held came from this stream. */
  resumeFrom: number | undefined;
  ackTiming?: AckTiming;
  /** Called once when the connection is over (not after `close()`). */
  onEnd(end: ConnectionEnd): void;
}

/** One WebSocket's life: hello, ready, sync, live, end. */
export interface StreamConnection {
  /** Past `ready`: the SDK may send acks, pings and summaries. */
  readonly open: boolean;
  /** Sends a message if the connection is past `ready`; false otherwise. */
  send(message: ClientMessage): boolean;
  /** Closes for good (the client is closing): no `onEnd`. */
  close(): void;
}

type Phase = 'connecting' | 'awaiting-ready' | 'syncing' | 'live' | 'ended';

/**
 * Opens one stream connection and runs the protocol on it: `hello` first (the key never goes in
 * the URL), then `ready`; a snapshot or the missed changes, each classified by version; acks;
 * heartbeats both ways. It never reconnects by itself: it reports how it ended, and the stream
 * data source decides what comes next.
 */
export function openStreamConnection(deps: StreamConnectionDeps): StreamConnection {
  const { sink, scheduler } = deps;
  const diagnostics = sink.diagnostics;
  let phase: Phase = 'connecting';
  let target = 0;
  let opened = false;
  let reachedReady = false;
  let synced = false;
  let progressed = false;
  let serverError: ErrorMessage | undefined;
  let goawayAfterMs: number | undefined;
  let transportError: string | undefined;

  // Assigned below; transports never call handlers from within the opening call itself.
  let socket: StreamSocket | undefined;
  const sendNow = (message: ClientMessage) => socket?.send(encode(message));
  const acks = createAckScheduler(
    (version) => {
      diagnostics.acksSent++;
      sendNow({ type: 'ack', version });
    },
    scheduler,
    deps.ackTiming,
  );
  const heartbeat = createHeartbeatMonitor({
    scheduler,
    ping: () => sendNow({ type: 'ping' }),
    dead: () => {
      socket?.terminate();
      end({ code: 1006, reason: 'heartbeat-timeout', message: 'The server went silent past the heartbeat deadline.' });
    },
  });

  function end(how: Omit<ConnectionEnd, 'opened' | 'reachedReady' | 'synced' | 'progressed' | 'serverError' | 'goawayAfterMs'>, notify = true): void {
    if (phase === 'ended') return;
    phase = 'ended';
    heartbeat.stop();
    acks.cancel();
    diagnostics.connectionId = undefined;
    if (!notify) return;
    deps.onEnd({
      ...how,
      opened,
      reachedReady,
      synced,
      progressed,
      ...(serverError !== undefined ? { serverError } : {}),
      ...(goawayAfterMs !== undefined ? { goawayAfterMs } : {}),
    });
  }

  /** A frame we cannot use: apply none of it, close with 4000, let the policy reconnect with backoff. */
  function badFrame(message: string): void {
    sink.logger.warn(`refused a frame from the server: ${message}`);
    socket?.close(4000, 'bad-message');
    end({ code: 4000, reason: 'bad-message', message: `refused a frame from the server: ${message}` });
  }

  function checkSynced(): void {
    if (phase === 'syncing' && sink.version >= target) {
      phase = 'live';
      synced = true;
      sink.synced();
    }
  }

  function onReady(ready: ReadyMessage): void {
    phase = 'syncing';
    reachedReady = true;
    target = ready.version;
    diagnostics.connections++;
    diagnostics.connectionId = ready.connectionId;
    diagnostics.environment = ready.environment;
    heartbeat.start(heartbeatDeadlineMs(ready.heartbeatMs), ready.heartbeatMs);
    // Resumed at the current version: the server sends nothing, we are in sync.
    if (deps.resumeFrom !== undefined && sink.version === target) checkSynced();
  }

  function onSnapshot(snapshot: SnapshotMessage): void {
    sink.replace({ environment: diagnostics.environment, version: snapshot.version, flags: snapshot.flags, segments: snapshot.segments }, 'stream');
    progressed = true;
    acks.applied(snapshot.version);
    checkSynced();
  }

  function onChange(change: PatchMessage | DeleteMessage): void {
    const classification = sink.apply(change, 'stream');
    if (classification === 'duplicate') return;
    if (classification === 'gap') {
      sink.logger.info(`missed a change (have version ${sink.version}, got ${change.version}): resyncing`);
      socket?.close(1000, 'resync');
      return end({ code: 1000, reason: 'resync', message: `missed a change before version ${change.version}`, resync: true });
    }
    progressed = true;
    acks.applied(change.version);
    checkSynced();
  }

  function onMessage(text: string | undefined): void {
    if (phase === 'ended') return;
    heartbeat.heard();
    const parsed = parseServerMessage(text);
    if (!parsed.ok) return badFrame(parsed.error.message);
    const message = parsed.message;
    const wrongKind = checkMessageForKeyKind(message, 'server');
    if (wrongKind) return badFrame(wrongKind.message);
    switch (message.type) {
      case 'ready':
        return phase === 'awaiting-ready' ? onReady(message) : badFrame('ready: received twice');
      case 'snapshot':
        return phase === 'syncing' || phase === 'live' ? onSnapshot(message) : badFrame('snapshot: received before ready');
      case 'patch':
      case 'delete':
        return phase === 'syncing' || phase === 'live' ? onChange(message) : badFrame(`${message.type}: received before ready`);
      case 'ping':
        return void sendNow({ type: 'pong' });
      case 'pong':
        return;
      case 'error':
        serverError = message;
        return;
      case 'goaway':
        goawayAfterMs = message.retryAfterMs;
        return;
      case 'values':
        return badFrame('values: not used with server keys');
    }
  }

  diagnostics.connectAttempts++;
  socket = deps.transport(
    deps.url,
    {
      open() {
        if (phase !== 'connecting') return;
        phase = 'awaiting-ready';
        opened = true;
        sendNow({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          sdk: SDK_INFO,
          key: deps.sdkKey,
          ...(deps.resumeFrom !== undefined ? { lastVersion: deps.resumeFrom } : {}),
        });
        // Until ready announces the interval, allow the default deadline for an answer.
        heartbeat.start(heartbeatDeadlineMs(DEFAULT_HEARTBEAT_MS));
      },
      message: onMessage,
      error(error) {
        transportError = error.message;
      },
      close(code, reason) {
        const info = closeCodeInfo(code);
        const message = serverError?.message ?? (transportError !== undefined && code === 1006 ? transportError : reason || info.message);
        end({ code, reason: serverError?.code ?? info.reason, message });
      },
    },
    { connectTimeoutMs: deps.connectTimeoutMs },
  );

  return {
    get open() {
      return phase === 'syncing' || phase === 'live';
    },
    send(message) {
      if (phase !== 'syncing' && phase !== 'live') return false;
      sendNow(message);
      return true;
    },
    close() {
      if (phase === 'ended') return;
      end({ code: 1000, reason: 'normal', message: 'closed by the client' }, false);
      socket?.close(1000, 'client closing');
    },
  };
}
