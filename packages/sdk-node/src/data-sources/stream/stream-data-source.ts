import type { BackoffOptions, SummaryMessage } from '@switchyard/core';
import type { Scheduler, TimerHandle } from '../../platform/scheduler';
import type { StreamTransport } from '../../platform/transport';
import type { DataSource, DataSourceSink } from '../data-source';
import type { AckTiming } from './ack-scheduler';
import { decideReconnect, INITIAL_RECONNECT_STATE, type ConnectionEnd, type ReconnectState } from './reconnect-policy';
import { openStreamConnection, type StreamConnection } from './stream-connection';
import { streamUrl } from './stream-url';

/** What the stream data source needs. */
export interface StreamDataSourceDeps {
  baseUrl: string;
  sdkKey: string;
  sink: DataSourceSink;
  transport: StreamTransport;
  scheduler: Scheduler;
  connectTimeoutMs: number;
  /** Reconnect backoff bounds (default: core's `RECONNECT_BACKOFF`). */
  backoff?: BackoffOptions;
  /** Uniform in [0, 1): the jitter. `Math.random` unless a test fixes it. */
  random?: () => number;
  ackTiming?: AckTiming;
}

/**
 * Keeps one stream connection alive: connects, and when a connection ends asks the reconnect
 * policy whether and when to try again, always resuming from the last version applied.
 */
export function createStreamDataSource(deps: StreamDataSourceDeps): DataSource {
  const { sink, scheduler } = deps;
  const url = streamUrl(deps.baseUrl);
  const random = deps.random ?? Math.random;
  let state: ReconnectState = INITIAL_RECONNECT_STATE;
  let connection: StreamConnection | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;

  function connect(): void {
    timer = undefined;
    if (stopped) return;
    connection = openStreamConnection({
      transport: deps.transport,
      url,
      sdkKey: deps.sdkKey,
      connectTimeoutMs: deps.connectTimeoutMs,
      sink,
      scheduler,
      // Only data this stream delivered can be resumed: a bootstrap may be from anywhere.
      resumeFrom: sink.origin === 'stream' ? sink.version : undefined,
      ...(deps.ackTiming ? { ackTiming: deps.ackTiming } : {}),
      onEnd,
    });
  }

  function onEnd(end: ConnectionEnd): void {
    connection = undefined;
    if (stopped) return;
    const decision = decideReconnect(end, state, random, scheduler.now(), deps.backoff);
    if (decision.action === 'stop') {
      stopped = true;
      sink.failed({ reason: decision.reason, code: decision.code, message: `${decision.message} (close code ${decision.code}; not retrying)` });
      return;
    }
    state = decision.state;
    const log = end.goawayAfterMs !== undefined || end.resync ? sink.logger.info : sink.logger.warn;
    log(`stream connection ended (${end.reason}, ${end.code}): ${end.message}; reconnecting in ${decision.delayMs} ms`);
    sink.interrupted({ reason: end.reason, message: end.message });
    timer = scheduler.setTimeout(connect, decision.delayMs);
  }

  return {
    start() {
      if (!stopped && connection === undefined && timer === undefined) connect();
    },
    stop() {
      stopped = true;
      scheduler.clearTimeout(timer);
      timer = undefined;
      connection?.close();
      connection = undefined;
    },
    sendSummaries(messages: readonly SummaryMessage[]) {
      if (connection === undefined || !connection.open) return false;
      for (const message of messages) connection.send(message);
      return true;
    },
  };
}
