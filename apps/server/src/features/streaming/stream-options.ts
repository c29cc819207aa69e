import { DEFAULT_HEARTBEAT_MS, HELLO_TIMEOUT_MS } from '@switchyard/core';

/** Limits and timers of the streaming endpoint. */
export interface StreamOptions {
  heartbeatMs: number;
  helloTimeoutMs: number;
  /** Live connections one SDK key may hold on this server. */
  maxConnectionsPerKey: number;
  /** Token bucket per connection: sustained messages per second, and burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Most missed changes replayed on resume; further behind gets a fresh snapshot. */
  maxReplay: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  helloTimeoutMs: HELLO_TIMEOUT_MS,
  maxConnectionsPerKey: 1_000,
  messagesPerSecond: 20,
  messageBurst: 100,
  maxReplay: 1_000,
};
