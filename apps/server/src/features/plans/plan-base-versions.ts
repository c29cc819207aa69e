import type { FlagConfigRecord, FlagRecord } from '../../db/records';
import type { Tx } from '../../db/stores';
import { AppError, invalid } from '../../errors/catalogue';
import type { PlanChange } from '@switchyard/api';

/** What a change is based on: a flag's definition, its config in the plan's environment, or a segment. */
type ItemKind = 'flag' | 'config' | 'segment';

function itemOf(change: PlanChange): { kind: ItemKind; key: string } {
  switch (change.op) {
    case 'flag.create':
    case 'flag.update':
    case 'flag.archive':
    case 'flag.unarchive':
      return { kind: 'flag', key: change.key };
    case 'flag.config.update':
    case 'flag.enable':
    case 'flag.disable':
      return { kind: 'config', key: change.key };
    case 'segment.create':
    case 'segment.update':
    case 'segment.delete':
      return { kind: 'segment', key: change.key };
  }
}

const where = (i: number) => `body.changes[${i}]`;

/**
 * Checks every change of a plan against the state before it, before anything is written: each
 * change to an existing item names the version it was based on, and that is the item's current
 * version (409 VERSION_CONFLICT otherwise); several changes to one item name the same base; a
 * change to an item the plan creates names none; what a change creates does not exist yet and what
 * it changes does. Reads the environment's flags, configs and segments once, whatever the plan's size,
 * and answers the flags and configs it read (the plan reads them again: they can be served from memory).
 */
export async function checkBaseVersions(tx: Tx, envKey: string, changes: readonly PlanChange[]): Promise<{ flags: FlagRecord[]; configs: FlagConfigRecord[] }> {
  const [flags, configs, segments] = await Promise.all([tx.flags.list({}), tx.configs.listForEnvironment(envKey), tx.segments.list(envKey)]);
  const versions: Record<ItemKind, Map<string, number>> = {
    flag: new Map(flags.map((f) => [f.key, f.version])),
    config: new Map(configs.map((c) => [c.flagKey, c.version])),
    segment: new Map(segments.map((s) => [s.key, s.version])),
  };
  const created = new Map<string, number>();
  const based = new Map<string, { base: number; index: number }>();
  changes.forEach((change, i) => {
    const item = itemOf(change);
    const id = `${item.kind}:${item.key}`;
    const noun = item.kind === 'segment' ? `segment "${item.key}"` : `flag "${item.key}"`;
    if (change.op === 'flag.create' || change.op === 'segment.create') {
      if (versions[item.kind].has(item.key) || created.has(id))
        throw new AppError('ALREADY_EXISTS', `changes[${i}] (${change.op}): ${noun} already exists${item.kind === 'flag' ? ' (flags are archived, never deleted)' : ''}.`, { change: i });
      created.set(id, i);
      if (item.kind === 'flag') created.set(`config:${item.key}`, i);
      return;
    }
    const creator = created.get(id);
    if (creator !== undefined) {
      if (change.baseVersion !== undefined) throw invalid(`${where(i)}.baseVersion`, `must be omitted: changes[${creator}] creates ${noun} in this plan`);
      return;
    }
    const current = versions[item.kind].get(item.key);
    if (current === undefined)
      throw item.kind === 'segment'
        ? new AppError('SEGMENT_NOT_FOUND', `changes[${i}] (${change.op}): no segment "${item.key}" in "${envKey}".`, { change: i })
        : new AppError('FLAG_NOT_FOUND', `changes[${i}] (${change.op}): no flag "${item.key}".`, { change: i });
    if (change.baseVersion === undefined) throw invalid(`${where(i)}.baseVersion`, 'is required: the version your change is based on');
    const first = based.get(id);
    if (first !== undefined) {
      if (first.base !== change.baseVersion)
        throw invalid(`${where(i)}.baseVersion`, `must be ${first.base}, as in changes[${first.index}]: every change of a plan is based on the state before it`);
      return;
    }
    if (current !== change.baseVersion)
      throw new AppError(
        'VERSION_CONFLICT',
        `changes[${i}] (${change.op}): ${item.kind === 'config' ? `the config of ${noun} in "${envKey}"` : noun} is at version ${current}; the plan is based on ${change.baseVersion}. Nothing was applied.`,
        { change: i, op: change.op, key: item.key, currentVersion: current },
      );
    based.set(id, { base: change.baseVersion, index: i });
  });
  return { flags, configs };
}
