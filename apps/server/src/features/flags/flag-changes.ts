import { toEvaluableFlag, type EnvironmentConfig, type FlagDefinition } from '@switchyard/core';
import type { FlagConfigRecord } from '../../db/records';
import type { Tx } from '../../db/stores';
import type { ChangeFeed } from '../changes/change-feed';
import { recordChange } from '../changes/record-change';

/**
 * Writes a flag's config in one environment as a new environment version: the config takes the
 * version, and the change log gets what SDKs need (the evaluable flag, or a delete when archived).
 */
export async function writeFlagVersion(
  tx: Tx,
  feed: ChangeFeed,
  def: FlagDefinition,
  envKey: string,
  config: Omit<EnvironmentConfig, 'version'>,
  at: string,
): Promise<FlagConfigRecord> {
  const archived = def.archivedAt !== null;
  const change = { envKey, kind: 'flag' as const, key: def.key, op: archived ? ('delete' as const) : ('upsert' as const), at };
  let record!: FlagConfigRecord;
  await recordChange(tx, feed, change, (version) => {
    record = { ...config, version, flagKey: def.key, envKey, updatedAt: at };
    return archived ? null : toEvaluableFlag(def, record, version);
  });
  await tx.configs.upsert(record);
  return record;
}
