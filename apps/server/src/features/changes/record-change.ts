import type { ChangeRecord } from '../../db/records';
import type { Tx } from '../../db/stores';
import type { ChangeFeed } from './change-feed';

/**
 * Gives a change the environment's next version and writes it to the change log, in the caller's
 * transaction; it is published to the feed only after that transaction commits. `payloadAt` builds
 * what SDKs need to apply the change, given its version (null for deletes).
 */
export async function recordChange(
  tx: Tx,
  feed: ChangeFeed,
  change: Omit<ChangeRecord, 'version' | 'payload'>,
  payloadAt: (version: number) => unknown,
): Promise<number> {
  const version = await tx.environments.bumpVersion(change.envKey);
  const payload = payloadAt(version);
  const record: ChangeRecord = { ...change, version, payload: payload === null ? null : JSON.stringify(payload) };
  await tx.changes.append(record);
  tx.afterCommit(() => feed.publish(record));
  return version;
}
