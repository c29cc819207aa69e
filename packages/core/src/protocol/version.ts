/**
 * What a client does with an incoming `patch` or `delete`:
 * - `apply`: the version is exactly one past the last applied version;
 * - `duplicate`: already applied (at-least-once delivery, replica fan-out): ignore it;
 * - `gap`: at least one change was missed: stop applying and resync.
 */
export type VersionClassification = 'apply' | 'duplicate' | 'gap';

/**
 * Classify the version of an incoming change against the last version the client applied.
 * One change is one version is one message, so versions arrive contiguous: anything else is a
 * duplicate (at or below `lastVersion`) or a gap (beyond `lastVersion + 1`).
 * Snapshots and full `values` are not classified: they are authoritative and always applied.
 */
export function classifyIncomingVersion(lastVersion: number, version: number): VersionClassification {
  if (version <= lastVersion) return 'duplicate';
  return version === lastVersion + 1 ? 'apply' : 'gap';
}
