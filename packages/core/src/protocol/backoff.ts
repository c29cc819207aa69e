/** Reconnect backoff bounds shared by both SDKs. */
export const RECONNECT_BACKOFF = {
  /** Ceiling of the first retry's delay. */
  initialMs: 1_000,
  /** Largest delay ceiling, reached after about six failed attempts. */
  maxMs: 60_000,
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
 * The caller resets `attempt` to 0 once a connection reaches `ready`.
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
