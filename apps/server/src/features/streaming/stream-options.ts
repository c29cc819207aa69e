import { DEFAULT_HEARTBEAT_MS, HELLO_TIMEOUT_MS } from '@switchyard/core';

/** Limits and timers of the streaming endpoint. */
export interface StreamOptions {
  heartbeatMs: number;
  helloTimeoutMs: number;
  /** Live connections one server SDK key may hold on this server. */
  maxConnectionsPerKey: number;
  /**
   * Live connections one client (browser) key may hold on this server: every visitor shares it, so
   * it only bounds the whole site's load; one source is bounded by the two limits below.
   */
  maxConnectionsPerClientKey: number;
  /** Browser connections open at once from one source (an IPv4 address, an IPv6 /64), across client keys. */
  maxConnectionsPerSource: number;
  /** Evaluation contexts (a browser hello's, each `context` message) one source may send per minute. */
  contextsPerSourcePerMinute: number;
  /** Token bucket per connection: sustained messages per second, and burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Most missed changes replayed on resume; further behind gets a fresh snapshot. */
  maxReplay: number;
  /**
   * Evaluation summaries one connection may send per minute (and at once), by key kind; further ones
   * are dropped. A Node SDK sends one window a minute, split into messages of 1,000 counters (60 fit
   * the largest environment); a browser would report client-side flags only.
   */
  summariesPerMinute: { server: number; client: number };
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  helloTimeoutMs: HELLO_TIMEOUT_MS,
  maxConnectionsPerKey: 1_000,
  maxConnectionsPerClientKey: 100_000,
  maxConnectionsPerSource: 500,
  contextsPerSourcePerMinute: 1_200,
  messagesPerSecond: 20,
  messageBurst: 100,
  maxReplay: 1_000,
  summariesPerMinute: { server: 60, client: 2 },
};
