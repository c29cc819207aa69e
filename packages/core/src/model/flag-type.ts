/** What a flag is for. Decides whether it may be permanent and how long it is expected to live. */
export const FLAG_TYPES = ['release', 'experiment', 'ops', 'permission', 'kill-switch', 'migration'] as const;
export type FlagType = (typeof FLAG_TYPES)[number];

const DAY_MS = 86_400_000;

/**
 * Expected lifetime in days of each type, used to default `expiresAt` at creation.
 * `null`: permanent by default (the type may also be given an expiry).
 */
export const EXPECTED_LIFETIME_DAYS: Readonly<Record<FlagType, number | null>> = {
  release: 40,
  experiment: 40,
  migration: 90,
  ops: 7,
  permission: null,
  'kill-switch': null,
};

/** Types that may have `expiresAt: null` (permanent). */
export const PERMANENT_TYPES: ReadonlySet<FlagType> = new Set<FlagType>(['ops', 'permission', 'kill-switch']);

/** The default expiry of a new flag of `type` created at `createdAt`, as an ISO string, or null. */
export function defaultExpiry(type: FlagType, createdAt: Date): string | null {
  const days = EXPECTED_LIFETIME_DAYS[type];
  return days === null ? null : new Date(createdAt.getTime() + days * DAY_MS).toISOString();
}
