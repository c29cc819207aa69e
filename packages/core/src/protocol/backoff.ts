/** Reconnect backoff bounds shared by both SDKs. */
export const RECONNECT_BACKOFF = {
  /** Ceiling of the first retry's delay. */
  initialMs: 1_000,
  /** Largest delay ceiling, reached after about six failed attempts. */
  maxMs: 60_000,
  /**
   * Ceiling while the server cannot be reached at all — connections that never open: refused, timed
   * out, answered by a proxy instead of upgraded — for the first `unreachableWindowMs` of such a run.
   * A crashed server is usually back within seconds, and a refused connection costs it nothing; a
   * server that is back and overloaded says so itself (a close code, `goaway`), and is backed off from.
   */
  unreachableMaxMs: 3_000,
  /** How long an unreachable server is retried under `unreachableMaxMs`; longer is an outage, not a restart. */
  unreachableWindowMs: 60_000,
} as const;

/** Options of {@link backoffDelayMs}; each defaults to {@link RECONNECT_BACKOFF}. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry after a failure): exponential
 * backoff with full jitter, uniform in [0, min(maxMs, initialMs × 2^attempt)). Full jitter spreads
 * a fleet of SDKs that lost the same server, so they do not come back in one wave.
 * `random` returns a number in [0, 1) (`Math.random` in production, fixed in tests).
 */
export function backoffDelayMs(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const initialMs = options.initialMs ?? RECONNECT_BACKOFF.initialMs;
  const maxMs = options.maxMs ?? RECONNECT_BACKOFF.maxMs;
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(n, 52));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.max(0, Math.min(Math.floor(unit * ceiling), ceiling - 1));
}

/** What the backoff carries from one connection attempt to the next (both SDKs keep one). */
export interface BackoffState {
  /** The attempt number of the next retry (0 after a connection that got in sync). */
  attempt: number;
  /** When the current run of attempts that never opened a connection began (epoch ms); undefined when the last one opened. */
  unreachableSince: number | undefined;
}

export const INITIAL_BACKOFF_STATE: Readonly<BackoffState> = { attempt: 0, unreachableSince: undefined };

/** How a failed connection attempt went, as far as the backoff cares. */
export interface AttemptOutcome {
  /** The WebSocket opened: the server (or a proxy) accepted it. */
  opened: boolean;
  /** The connection got in sync with the server (applied its state), so it was a good one. */
  synced: boolean;
}

/**
 * The delay before retrying after a connection attempt that ended as `outcome`, and the state for
 * the retry after that:
 * - the attempt count restarts only after a connection that got in sync — not merely `ready`: a
 *   connection refused on every sync (a frame too big, a bad message) keeps backing off;
 * - while every attempt fails to open (the server is restarting), the ceiling stays at
 *   `unreachableMaxMs` for `unreachableWindowMs`, so a restarted server has its SDKs back within
 *   seconds, not the 16–60 s an exponential ceiling grows to meanwhile; past the window it grows as usual.
 */
export function nextBackoff(
  state: BackoffState,
  outcome: AttemptOutcome,
  now: number,
  random: () => number,
  options: BackoffOptions = {},
): { delayMs: number; state: BackoffState } {
  const attempt = outcome.synced ? 0 : state.attempt;
  const unreachableSince = outcome.opened ? undefined : (state.unreachableSince ?? now);
  let maxMs = options.maxMs ?? RECONNECT_BACKOFF.maxMs;
  if (unreachableSince !== undefined && now - unreachableSince < RECONNECT_BACKOFF.unreachableWindowMs) maxMs = Math.min(maxMs, RECONNECT_BACKOFF.unreachableMaxMs);
  return { delayMs: backoffDelayMs(attempt, random, { initialMs: options.initialMs, maxMs }), state: { attempt: attempt + 1, unreachableSince } };
}
