/**
 * Time arithmetic on ISO 8601 strings. The machine never reads a clock: every time is an argument
 * (the server passes its own), so decisions are reproducible from the audit log.
 */

// Same shape as zod's `z.iso.datetime({ offset: true })`: date, time, optional fraction, Z or offset.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 date-time with offset, or undefined when it is not one. */
export function parseIsoTime(value: string): number | undefined {
  if (!ISO_DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds from `since` to `now` (negative if the clock went back), or undefined if either is not a time. */
export function elapsedMs(since: string, now: string): number | undefined {
  const a = parseIsoTime(since);
  const b = parseIsoTime(now);
  return a === undefined || b === undefined ? undefined : b - a;
}

/** One hour, one day, in milliseconds: for gate defaults and messages. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A duration in ms as a short human string, for refusal messages: `36h`, `7d`, `90s`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a >= DAY_MS && a % DAY_MS === 0) return `${sign}${a / DAY_MS}d`;
  if (a >= HOUR_MS) return `${sign}${round1(a / HOUR_MS)}h`;
  if (a >= 60_000) return `${sign}${round1(a / 60_000)}min`;
  return `${sign}${round1(a / 1000)}s`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
