/**
 * Advisory lock ids (one 64-bit key space per database; any constant works as long as nothing else
 * in the same database uses it). Arbitrary, fixed, and never to be changed: replicas of different
 * releases must agree on them during a rolling deploy.
 */

/** Held (transaction-scoped) by every configuration unit of work: the cluster-wide write lock. */
export const WRITE_LOCK_ID = 7_310_575_302_561_300_481n;

/** Held (session-scoped) while one replica applies migrations, so replicas starting together do not race. */
export const MIGRATION_LOCK_ID = 7_310_575_302_561_300_482n;

/** SQLSTATEs after which a whole unit of work may simply run again. */
const RETRYABLE = new Set(['40P01' /* deadlock_detected */, '40001' /* serialization_failure */]);

export function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: unknown }).code as string);
}
