import type { ChangeRecord, EnvironmentSize } from '../../db/records';
import type { Tx } from '../../db/stores';
import {
  addSizes,
  checkBudget,
  DEFAULT_ENVIRONMENT_BUDGET,
  itemJson,
  itemSize,
  NO_SIZE,
  recountEnvironment,
  sizeDelta,
  withVersion,
  type EnvironmentBudget,
} from '../environments/environment-size';
import { batchPayload, type ItemRecord } from './change-items';
import type { ChangeFeed } from './change-feed';

/** One flag or segment a change writes in one environment: what SDKs had of it before, and what they get now (null: absent). */
export interface ItemChange {
  envKey: string;
  kind: 'flag' | 'segment';
  key: string;
  at: string;
  /** The item as SDKs had it (an evaluable flag or a segment), or null when they had none. */
  before: object | null;
  /**
   * The item as SDKs get it now, or null when it goes (deleted, archived). A flag's `version` is
   * replaced by the environment version this change gets; a segment keeps its own.
   */
  after: object | null;
}

/** The environments a group of changes touched: one version, one size difference and the items of each. */
interface EnvGroup {
  version: number;
  at: string;
  /** The size before the group's first change, and how much the group changed it. */
  before: EnvironmentSize;
  delta: EnvironmentSize;
  /** Last write of each item wins: SDKs get where the group left it. */
  items: Map<string, ItemRecord>;
}

/**
 * Where changes get their environment version, are checked against the environment's budget and are
 * written to the change log, in the caller's transaction; each is published to the feed once that
 * transaction commits.
 *
 * Each change adds its item's size difference to the environment's running size in the statement
 * that bumps the version (no re-serialising of the environment, no extra statement), and is refused
 * when it grows the environment past its budget. The check runs under the write lock every change
 * holds (SQLite's single writer, PostgreSQL's advisory lock), so two writers racing past the budget,
 * on any replicas, see each other's sizes: one of them is refused.
 *
 * Inside {@link ChangeLog.asOneVersion}, every change the group makes in one environment shares one
 * version and one change-log record (a `batch` when it holds several items): SDKs receive it as one
 * unit. The budget is then checked once per environment, on where the group leaves it.
 */
export function createChangeLog(deps: { feed: ChangeFeed; budget?: EnvironmentBudget }) {
  const { feed } = deps;
  const budget = deps.budget ?? DEFAULT_ENVIRONMENT_BUDGET;
  const groups = new WeakMap<Tx, Map<string, EnvGroup>>();

  function append(tx: Tx, record: ChangeRecord): Promise<void> {
    tx.afterCommit(() => feed.publish(record));
    return tx.changes.append(record);
  }

  /**
   * Bumps the environment's version with `delta` and answers the size before and after. A size that
   * was not current (see the environment schema) is recounted from what the environment holds, with
   * the item being written counted as it was (`old`) and as it will be.
   */
  async function bump(tx: Tx, change: ItemChange, old: EnvironmentSize, delta: EnvironmentSize) {
    const bumped = await tx.environments.bumpVersion(change.envKey, delta);
    let after = bumped.size;
    if (after === undefined) {
      after = addSizes(addSizes(await recountEnvironment(tx, change.envKey, change), old), delta);
      await tx.environments.setSize(change.envKey, after);
    }
    return { version: bumped.version, after, before: sizeDelta(delta, after) };
  }

  return {
    feed,
    budget,

    /**
     * Records one item's change: a new environment version (or the group's, inside
     * {@link asOneVersion}), its size difference, and its change-log row. Returns the version.
     */
    async record(tx: Tx, change: ItemChange): Promise<number> {
      const beforeJson = change.before === null ? null : itemJson(change.kind, change.before);
      const afterJson = change.after === null ? null : itemJson(change.kind, change.after);
      const old = itemSize(change.kind, beforeJson);
      const delta = sizeDelta(old, itemSize(change.kind, afterJson));
      const group = groups.get(tx);
      if (group) {
        let env = group.get(change.envKey);
        if (!env) {
          const { version, before } = await bump(tx, change, old, NO_SIZE);
          group.set(change.envKey, (env = { version, at: change.at, before, delta: NO_SIZE, items: new Map() }));
        }
        env.delta = addSizes(env.delta, delta);
        env.at = change.at;
        env.items.set(`${change.kind}:${change.key}`, { kind: change.kind, key: change.key, json: stamp(change.kind, afterJson, env.version) });
        return env.version;
      }
      const { version, after } = await bump(tx, change, old, delta);
      checkBudget(change.envKey, budget, after, delta);
      const json = stamp(change.kind, afterJson, version);
      await append(tx, { envKey: change.envKey, version, kind: change.kind, key: change.key, op: json === null ? 'delete' : 'upsert', payload: json, at: change.at });
      return version;
    },

    /**
     * Runs `fn` (in `tx`) so that every change it records in one environment gets the same version
     * and one change-log record, written when `fn` returns — a plan SDKs receive as one unit. Budgets
     * are checked on where `fn` leaves each environment; refused, nothing of `fn` is kept (the caller's
     * transaction rolls back). Answers `fn`'s result and the version each environment got.
     */
    async asOneVersion<T>(tx: Tx, fn: () => Promise<T>): Promise<{ result: T; versions: Record<string, number> }> {
      if (groups.has(tx)) throw new Error('asOneVersion: this transaction already runs a group');
      const group = new Map<string, EnvGroup>();
      groups.set(tx, group);
      let result: T;
      try {
        result = await fn();
      } finally {
        groups.delete(tx);
      }
      for (const [envKey, env] of group) {
        if (env.delta.bytes !== 0 || env.delta.flags !== 0 || env.delta.segments !== 0)
          checkBudget(envKey, budget, await tx.environments.addSize(envKey, env.delta), env.delta);
        const items = [...env.items.values()];
        const one = items.length === 1 ? items[0]! : undefined;
        await append(
          tx,
          one
            ? { envKey, version: env.version, kind: one.kind, key: one.key, op: one.json === null ? 'delete' : 'upsert', payload: one.json, at: env.at }
            : { envKey, version: env.version, kind: 'batch', key: '', op: 'upsert', payload: batchPayload(items), at: env.at },
        );
      }
      return { result, versions: Object.fromEntries([...group].map(([envKey, env]) => [envKey, env.version])) };
    },
  };
}

export type ChangeLog = ReturnType<typeof createChangeLog>;

/** A flag travels with the environment version of its last change; a segment with its own version. */
function stamp(kind: 'flag' | 'segment', json: string | null, version: number): string | null {
  return json === null || kind === 'segment' ? json : withVersion(json, version);
}
