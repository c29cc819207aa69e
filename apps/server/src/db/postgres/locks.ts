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

/** Whether `err` (or what it wraps: drizzle reports a failed query as an error whose `cause` is pg's) is retryable. */
export function isRetryable(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (RETRYABLE.has((e as { code?: unknown }).code as string)) return true;
  return false;
}
