import { closeCodeInfo, INITIAL_BACKOFF_STATE, nextBackoff, type BackoffOptions, type BackoffState, type ErrorMessage } from '@switchyard/core';

/** How and why one stream connection ended. */
export interface ConnectionEnd {
  /** The close code received, or the one the SDK closed with. */
  code: number;
  /** Short reason: the close reason (`abnormal`, `going-away`...), or the SDK's own (`resync`, `heartbeat-timeout`, `bad-message`). */
  reason: string;
  /** For humans and logs. */
  message: string;
  /** The server's `error` message before the close, if any. */
  serverError?: ErrorMessage;
  /** The server's `goaway.retryAfterMs`, if it said goodbye. */
  goawayAfterMs?: number;
  /** The SDK saw a version gap and closed to resync. */
  resync?: boolean;
  /** The WebSocket opened (a refused or timed-out connection never does). */
  opened: boolean;
  /** The connection got as far as `ready`. */
  reachedReady: boolean;
  /** It got in sync (applied the server's version). */
  synced: boolean;
  /** It applied at least one snapshot or change. */
  progressed: boolean;
}

/** Reconnect bookkeeping carried from one connection to the next: core's backoff state, and resyncs. */
export interface ReconnectState extends BackoffState {
  /** Resyncs in a row without progress in between. */
  resyncStreak: number;
}

export type ReconnectDecision =
  | { action: 'stop'; reason: string; code: number; message: string }
  | { action: 'retry'; delayMs: number; state: ReconnectState };

export const INITIAL_RECONNECT_STATE: ReconnectState = Object.freeze({ ...INITIAL_BACKOFF_STATE, resyncStreak: 0 });

/**
 * The reconnect policy of docs/protocol.md, as a pure function (`now`: the clock, epoch ms):
 * - never retry a `no` close code (4003, 4004, 4010) or a server `error` that says `retry: false`;
 * - `goaway` / 4012: reconnect after `retryAfterMs` without counting an attempt;
 * - a resync after a gap: at once, unless the previous one made no progress (then back off);
 * - anything else: core's `nextBackoff` — exponential with full jitter, restarted by a connection
 *   that got in sync, and capped low while the server is unreachable (restarting).
 */
export function decideReconnect(end: ConnectionEnd, previous: ReconnectState, random: () => number, now: number, backoff?: BackoffOptions): ReconnectDecision {
  const info = closeCodeInfo(end.code);
  if (end.serverError?.retry === false || info.retry === 'no') {
    const reason = end.serverError?.code ?? info.reason;
    return { action: 'stop', reason, code: end.code, message: end.serverError?.message ?? info.message };
  }
  const resyncStreak = end.progressed ? 0 : previous.resyncStreak;
  // Goodbyes and resyncs come over connections that opened: no attempt is counted.
  const uncounted = { attempt: end.synced ? 0 : previous.attempt, unreachableSince: undefined };
  if (end.goawayAfterMs !== undefined || info.retry === 'now')
    return { action: 'retry', delayMs: end.goawayAfterMs ?? 0, state: { ...uncounted, resyncStreak } };
  if (end.resync && resyncStreak === 0) return { action: 'retry', delayMs: 0, state: { ...uncounted, resyncStreak: 1 } };
  const next = nextBackoff(previous, end, now, random, backoff);
  return { action: 'retry', delayMs: next.delayMs, state: { ...next.state, resyncStreak: end.resync ? resyncStreak + 1 : resyncStreak } };
}
