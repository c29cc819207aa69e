import type { StaleFlag, StaleReason } from '../../api/types';
import { STALE_REASONS } from '../../api/types';

/** The report's window when the address names none: what the server defaults to. */
export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 3650;

/** The window (days) named by `?days=`, or the default when it is missing or out of range. */
export function windowFromQuery(query: URLSearchParams): number {
  return parseWindow(query.get('days') ?? '') ?? DEFAULT_WINDOW_DAYS;
}

/** A typed window: a whole number of days in 1 … 3650, else null. */
export function parseWindow(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= MAX_WINDOW_DAYS ? n : null;
}

export const REASON_LABELS: Readonly<Record<StaleReason, string>> = {
  expired: 'expired',
  'not-evaluated': 'not evaluated',
  'single-variation': 'single variation',
};

/** Why each reason makes a flag a candidate, for the legend and badge titles. */
export function reasonExplanation(reason: StaleReason, days: number): string {
  switch (reason) {
    case 'expired':
      return 'Past its expected removal date.';
    case 'not-evaluated':
      return `No SDK evaluated it in the last ${days} day${days === 1 ? '' : 's'}.`;
    case 'single-variation':
      return `Everyone got the same variation in every environment for ${days} day${days === 1 ? '' : 's'}: the code path can be made permanent.`;
  }
}

/** How many flags carry each reason (every reason present, zero included). */
export function countReasons(items: readonly StaleFlag[]): Record<StaleReason, number> {
  const counts = Object.fromEntries(STALE_REASONS.map((r) => [r, 0])) as Record<StaleReason, number>;
  for (const f of items) for (const r of f.reasons) counts[r]++;
  return counts;
}

/** `production=off, staging=on`: the environments and the one variation each served. */
export function singleVariationText(list: StaleFlag['singleVariation']): string {
  return list.map((s) => `${s.environment}=${s.variation}`).join(', ');
}

/** Candidates in the order to handle them: most reasons first, then longest expired, then key. */
export function sortCandidates(items: readonly StaleFlag[]): StaleFlag[] {
  const expiry = (f: StaleFlag) => (f.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(f.expiresAt));
  return [...items].sort((a, b) => b.reasons.length - a.reasons.length || expiry(a) - expiry(b) || a.key.localeCompare(b.key));
}
