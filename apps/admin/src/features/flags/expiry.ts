import { defaultExpiry, EXPECTED_LIFETIME_DAYS, PERMANENT_TYPES, type FlagDefinition, type FlagType } from '@switchyard/core';

const DAY_MS = 86_400_000;
/** A flag this close to its expiry is shown as expiring soon. */
export const EXPIRING_SOON_DAYS = 7;

export type ExpiryState = 'permanent' | 'ok' | 'soon' | 'expired';

export function expiryState(flag: Pick<FlagDefinition, 'expiresAt'>, now: Date): ExpiryState {
  if (flag.expiresAt === null) return 'permanent';
  const left = Date.parse(flag.expiresAt) - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_SOON_DAYS * DAY_MS ? 'soon' : 'ok';
}

/** Whole days until (positive) or since (negative) the expiry; null when permanent. */
export function daysUntilExpiry(flag: Pick<FlagDefinition, 'expiresAt'>, now: Date): number | null {
  if (flag.expiresAt === null) return null;
  return Math.ceil((Date.parse(flag.expiresAt) - now.getTime()) / DAY_MS);
}

export function mayBePermanent(type: FlagType): boolean {
  return PERMANENT_TYPES.has(type);
}

/** The expiry a new flag of `type` starts with (what the server would default to), or null: permanent. */
export function initialExpiry(type: FlagType, now: Date): string | null {
  return defaultExpiry(type, now);
}

/** Days a permanent-by-default flag gets when someone gives it an expiry after all. */
export const FALLBACK_LIFETIME_DAYS = 90;

/** The expiry to offer when "permanent" is unticked: the type's default, else 90 days. */
export function expiryWhenNotPermanent(type: FlagType, now: Date): string {
  return defaultExpiry(type, now) ?? new Date(now.getTime() + FALLBACK_LIFETIME_DAYS * DAY_MS).toISOString();
}

/** "40 days", or "permanent", for a type's expected lifetime. */
export function lifetimeLabel(type: FlagType): string {
  const days = EXPECTED_LIFETIME_DAYS[type];
  return days === null ? 'permanent by default' : `expected to live ${days} days`;
}

/** `YYYY-MM-DD` of an ISO date-time (UTC), for a date input. */
export function toDateInput(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

/** An ISO date-time at the end of the (UTC) day a date input names, or null when empty/invalid. */
export function fromDateInput(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const t = Date.parse(`${date}T23:59:59.000Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
