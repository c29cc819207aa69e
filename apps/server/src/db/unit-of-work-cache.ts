import type { AuditRecord, EnvironmentRecord, FlagConfigRecord, FlagRecord } from './records';
import type { Tx } from './stores';

/** Rows written in one statement, at most (PostgreSQL binds at most 65,535 parameters: 14 per audit row). */
const CHUNK = 1_000;

/**
 * A long unit of work (a plan of thousands of changes) on its transaction's stores, with what every
 * change repeats done once:
 * - flags and configs read by key come from memory after the first read, or from a full list given to
 *   {@link prefill} (then a key not in it does not exist: no query);
 * - config writes are kept in memory and written together (before any config list is read, and by
 *   {@link flush}); a flag created in the unit lists its configs from memory;
 * - audit entries are chained in memory (the head read once) and appended together by `flush`;
 * - the environment list is read once (its rows' versions and sizes are as they were then: only the
 *   keys and names are for reading).
 *
 * Sound only inside one transaction holding the write lock (every configuration unit of work does:
 * SQLite's single writer, PostgreSQL's advisory lock): nothing else changes these rows meanwhile.
 * Call `flush` before the transaction ends. Reads of what is not cached flush first, so the unit
 * always reads its own writes.
 */
export function unitOfWorkCache(tx: Tx): {
  tx: Tx;
  prefill(envKey: string, flags: readonly FlagRecord[], configs: readonly FlagConfigRecord[]): void;
  flush(): Promise<void>;
} {
  const flags = new Map<string, FlagRecord | undefined>();
  let allFlags = false;
  const inserted = new Set<string>();
  /** By flag, then environment. */
  const configs = new Map<string, Map<string, FlagConfigRecord | undefined>>();
  const completeEnvs = new Set<string>();
  let pendingConfigs = new Map<string, FlagConfigRecord>();
  let head: { seq: number; hash: string } | undefined | null = null;
  let pendingAudit: AuditRecord[] = [];
  let environments: EnvironmentRecord[] | undefined;

  const configsOf = (flagKey: string) => {
    let m = configs.get(flagKey);
    if (!m) configs.set(flagKey, (m = new Map()));
    return m;
  };

  async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<void>): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
  }

  async function flushConfigs(): Promise<void> {
    if (pendingConfigs.size === 0) return;
    const rows = [...pendingConfigs.values()];
    pendingConfigs = new Map();
    await inChunks(rows, (chunk) => tx.configs.upsertMany(chunk));
  }

  async function flushAudit(): Promise<void> {
    const rows = pendingAudit;
    pendingAudit = [];
    await inChunks(rows, (chunk) => tx.audit.appendMany(chunk));
  }

  const cached: Tx = {
    ...tx,
    environments: {
      ...tx.environments,
      async list() {
        environments ??= await tx.environments.list();
        return environments;
      },
    },
    flags: {
      ...tx.flags,
      async get(key) {
        if (!flags.has(key) && !allFlags) flags.set(key, await tx.flags.get(key));
        return flags.get(key);
      },
      async insert(flag) {
        await tx.flags.insert(flag);
        flags.set(flag.key, flag);
        inserted.add(flag.key);
      },
      async update(flag) {
        await tx.flags.update(flag);
        flags.set(flag.key, flag);
      },
    },
    configs: {
      ...tx.configs,
      async get(flagKey, envKey) {
        const m = configsOf(flagKey);
        if (!m.has(envKey) && !completeEnvs.has(envKey) && !inserted.has(flagKey)) m.set(envKey, await tx.configs.get(flagKey, envKey));
        return m.get(envKey);
      },
      async upsert(config) {
        configsOf(config.flagKey).set(config.envKey, config);
        pendingConfigs.set(`${config.flagKey}\u0000${config.envKey}`, config);
      },
      async upsertMany(rows) {
        for (const row of rows) await cached.configs.upsert(row);
      },
      async listForFlag(flagKey) {
        // A flag made in this unit has no config but those written here.
        if (inserted.has(flagKey))
          return [...configsOf(flagKey).values()].filter((c): c is FlagConfigRecord => c !== undefined).sort((a, b) => (a.envKey < b.envKey ? -1 : a.envKey > b.envKey ? 1 : 0));
        await flushConfigs();
        return tx.configs.listForFlag(flagKey);
      },
      async listForEnvironment(envKey) {
        await flushConfigs();
        return tx.configs.listForEnvironment(envKey);
      },
    },
    audit: {
      async head() {
        if (head === null) head = await tx.audit.head();
        return head;
      },
      async append(entry) {
        pendingAudit.push(entry);
        head = { seq: entry.seq, hash: entry.hash };
      },
      async appendMany(entries) {
        for (const e of entries) await cached.audit.append(e);
      },
      async list(filter) {
        await flushAudit();
        return tx.audit.list(filter);
      },
      async count() {
        await flushAudit();
        return tx.audit.count();
      },
      lastCheckpoint: () => tx.audit.lastCheckpoint(),
      listCheckpoints: (afterSeq, limit) => tx.audit.listCheckpoints(afterSeq, limit),
      // A checkpoint covers entries already written: the chained ones go first.
      async appendCheckpoint(checkpoint) {
        await flushAudit();
        await tx.audit.appendCheckpoint(checkpoint);
      },
    },
    afterCommit: (fn) => tx.afterCommit(fn),
  };

  return {
    tx: cached,
    prefill(envKey, flagRows, configRows) {
      for (const f of flagRows) if (!flags.has(f.key)) flags.set(f.key, f);
      allFlags = true;
      for (const c of configRows) {
        const m = configsOf(c.flagKey);
        if (!m.has(c.envKey)) m.set(c.envKey, c);
      }
      completeEnvs.add(envKey);
    },
    async flush() {
      await flushConfigs();
      await flushAudit();
    },
  };
}
