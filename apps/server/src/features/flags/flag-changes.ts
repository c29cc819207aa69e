import { toEvaluableFlag, type EnvironmentConfig, type EvaluableFlag, type FlagDefinition } from '@switchyard/core';
import type { FlagConfigRecord } from '../../db/records';
import type { Tx } from '../../db/stores';
import type { ChangeLog } from '../changes/change-log';
import { toConfig } from './flag-views';

/** What SDKs hold of a flag in one environment: its evaluable form, or nothing while it is archived. */
export function servedFlag(def: FlagDefinition, config: FlagConfigRecord): EvaluableFlag | null {
  return def.archivedAt === null ? toEvaluableFlag(def, toConfig(config)) : null;
}

/**
 * Writes a flag's config in one environment as a new environment version: the config takes the
 * version, and the change log gets what SDKs need (the evaluable flag, or a delete when archived).
 * `before` is what SDKs held of the flag until now ({@link servedFlag}; null for a new flag).
 */
export async function writeFlagVersion(
  tx: Tx,
  log: ChangeLog,
  def: FlagDefinition,
  envKey: string,
  config: Omit<EnvironmentConfig, 'version'>,
  at: string,
  before: EvaluableFlag | null,
): Promise<FlagConfigRecord> {
  const after = def.archivedAt === null ? toEvaluableFlag(def, { ...config, version: 0 }) : null;
  const version = await log.record(tx, { envKey, kind: 'flag', key: def.key, at, before, after });
  // The flag's own revision counts its changes here; the environment version counts everyone's.
  const revision = ((await tx.configs.get(def.key, envKey))?.revision ?? 0) + 1;
  const record: FlagConfigRecord = { ...config, version, revision, flagKey: def.key, envKey, updatedAt: at };
  await tx.configs.upsert(record);
  return record;
}
