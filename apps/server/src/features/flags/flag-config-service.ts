import type { FlagAction } from '@switchyard/api';
import type { EnvironmentConfig } from '@switchyard/core';
import type { FlagConfigRecord, FlagRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { openFollowUpReview } from '../change-requests/follow-up';
import { assertDirectWrite, reviewRequiredIn } from '../review/review-gate';
import type { ChangeLog } from '../changes/change-log';
import type { MigrationService } from '../migrations/migration-service';
import { servedFlag, writeFlagVersion } from './flag-changes';
import type { UpdateConfigBody } from '@switchyard/api';
import { validateConfig } from './flag-validation';
import { toConfig, toDefinition } from './flag-views';

type ConfigEdit = Partial<Omit<EnvironmentConfig, 'version'>>;

/** What a toggle, kill or restore did: the config as it now is, and whether the request changed it. */
export interface Outcome {
  config: FlagConfigRecord;
  /** false: it already was in the asked state; nothing was written or audited. */
  changed: boolean;
}

/**
 * A change's base version. Public routes always require one; a plan (features/plans) checks every
 * base version before it applies anything and passes none here.
 */
type Based<T extends { baseVersion: number }> = Omit<T, 'baseVersion'> & { baseVersion?: number | undefined };

/** A flag's behaviour in one environment: targeting edits, toggle, kill and restore. */
export function createFlagConfigService(deps: { db: Database; audit: AuditService; changes: ChangeLog; now: () => Date; migrations: MigrationService }) {
  const { db, audit, changes, now, migrations } = deps;

  async function load(tx: Tx, key: string, envKey: string): Promise<{ flag: FlagRecord; config: FlagConfigRecord }> {
    const flag = await tx.flags.get(key);
    if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${key}".`);
    const config = await tx.configs.get(key, envKey);
    // A config exists only in an environment that exists (environments are never deleted), so the
    // environment is read only to say which is missing.
    if (!config) {
      if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
      throw new AppError('ENVIRONMENT_NOT_FOUND', `Flag "${key}" has no config in "${envKey}".`);
    }
    return { flag, config };
  }

  /** An unarchived flag's config, or why it may not be changed. */
  async function loadLive(tx: Tx, key: string, envKey: string): Promise<{ flag: FlagRecord; config: FlagConfigRecord }> {
    const loaded = await load(tx, key, envKey);
    if (loaded.flag.archivedAt !== null) throw new AppError('FLAG_ARCHIVED');
    return loaded;
  }

  /**
   * One audited change to one config, in `tx`. `edit` returns what to change, given the current
   * config (or throws to refuse). The new config is validated, versioned, logged and audited together.
   */
  async function changeIn(
    tx: Tx,
    actor: Actor,
    key: string,
    envKey: string,
    action: FlagAction,
    reason: string | null,
    edit: (current: FlagConfigRecord, flag: FlagRecord) => ConfigEdit,
  ): Promise<FlagConfigRecord> {
    const { flag, config } = await loadLive(tx, key, envKey);
    if (flag.type === 'migration')
      throw new AppError('MIGRATION_MANAGED', `Flag "${key}" is a migration flag: move it with POST …/migration/transition (a backward move is its rollback).`);
    const before = toConfig(config);
    const { version: _v, ...current } = before;
    const next = { ...current, ...edit(config, flag) };
    if (JSON.stringify(next) === JSON.stringify(current)) throw new AppError('NO_CHANGE');
    const def = toDefinition(flag);
    await validateConfig(tx, def, envKey, next);
    const at = now().toISOString();
    const saved = await writeFlagVersion(tx, changes, def, envKey, next, at, servedFlag(def, config));
    await audit.record(tx, actor, { action, resource: 'flag-config', flagKey: key, envKey, before, after: toConfig(saved), reason });
    return saved;
  }

  function checkBase(config: FlagConfigRecord, baseVersion: number | undefined): void {
    if (baseVersion !== undefined && config.version !== baseVersion)
      throw new AppError(
        'VERSION_CONFLICT',
        `Flag "${config.flagKey}" in "${config.envKey}" is at version ${config.version}; your change is based on ${baseVersion}.`,
        { currentVersion: config.version, current: toConfig(config) },
      );
  }

  const inTx = {
    update(tx: Tx, actor: Actor, key: string, envKey: string, input: Based<UpdateConfigBody>) {
      const { baseVersion, reason, ...fields } = input;
      return changeIn(tx, actor, key, envKey, 'flag.config.update', reason ?? null, (current) => {
        checkBase(current, baseVersion);
        return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      });
    },

    toggle(tx: Tx, actor: Actor, key: string, envKey: string, input: { enabled: boolean; baseVersion?: number | undefined; reason?: string | undefined }) {
      return changeIn(tx, actor, key, envKey, input.enabled ? 'flag.enable' : 'flag.disable', input.reason ?? null, (current) => {
        checkBase(current, input.baseVersion);
        return { enabled: input.enabled };
      });
    },

    /**
     * A kill of a flag already killed is `changed: false`: nothing written or audited, and the
     * config says who killed it, when and why (a second responder's kill must not fail in an incident).
     */
    async kill(tx: Tx, actor: Actor, key: string, envKey: string, reason: string): Promise<Outcome> {
      const { flag, config } = await loadLive(tx, key, envKey);
      if (config.killed) return { config, changed: false };
      const killed = { by: actor.name, at: now().toISOString(), reason };
      if (flag.type === 'migration') return { config: await migrations.kill(tx, actor, flag, config, killed), changed: true };
      return { config: await changeIn(tx, actor, key, envKey, 'flag.kill', reason, () => ({ killed })), changed: true };
    },

    /** A restore of a flag that is not killed is `changed: false`: nothing written or audited. */
    async restore(tx: Tx, actor: Actor, key: string, envKey: string, reason: string): Promise<Outcome> {
      const { flag, config } = await loadLive(tx, key, envKey);
      if (!config.killed) return { config, changed: false };
      const restored = flag.type === 'migration' ? await migrations.restore(tx, actor, flag, config, reason) : await changeIn(tx, actor, key, envKey, 'flag.restore', reason, () => ({ killed: null }));
      // Never held back by review; where review is required it opens a follow-up review (features/change-requests).
      if (await reviewRequiredIn(tx, envKey)) await openFollowUpReview(tx, { audit, now }, actor, { envKey, flagKey: key, action: 'flag.restore', reason, killed: config.killed });
      return { config: restored, changed: true };
    },

    /** The config as it is now, in `tx` (a trigger answering a repeated call). */
    current: (tx: Tx, key: string, envKey: string) => loadLive(tx, key, envKey),
  };

  return {
    /** The same changes inside a caller's transaction (a plan's). */
    inTx,

    async get(key: string, envKey: string): Promise<FlagConfigRecord> {
      return db.read(async (s) => {
        const flag = await s.flags.get(key);
        if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${key}".`);
        const config = await s.configs.get(key, envKey);
        if (!config) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        return config;
      });
    },

    update(actor: Actor, key: string, envKey: string, input: UpdateConfigBody) {
      return db.transaction(async (tx) => {
        await assertDirectWrite(tx, envKey, 'a targeting change');
        return inTx.update(tx, actor, key, envKey, input);
      });
    },

    /**
     * Turns a flag on or off. Asking for the state it already has is no error: `changed: false`,
     * nothing written or audited, whatever the base version (there is nothing to conflict with).
     * Otherwise refused where the environment requires review (a change request turns it).
     */
    toggle(actor: Actor, key: string, envKey: string, input: { enabled: boolean; baseVersion: number; reason?: string | undefined }): Promise<Outcome> {
      return db.transaction(async (tx) => {
        const { flag, config } = await loadLive(tx, key, envKey);
        // A migration flag is refused as before (MIGRATION_MANAGED): its stage decides what it serves.
        if (flag.type !== 'migration' && config.enabled === input.enabled) return { config, changed: false };
        await assertDirectWrite(tx, envKey, 'turning a flag on or off');
        return { config: await inTx.toggle(tx, actor, key, envKey, input), changed: true };
      });
    },

    /**
     * Engages the kill switch. No base version: in an incident a kill must land whatever else
     * changed meanwhile. The flag then serves its offVariation whatever its rules say; a migration
     * flag instead moves to its safe stage (see the migration service).
     */
    kill(actor: Actor, key: string, envKey: string, reason: string): Promise<Outcome> {
      return db.transaction((tx) => inTx.kill(tx, actor, key, envKey, reason));
    },

    /**
     * Lifts a kill (a restore of a flag that is not killed is `changed: false`: nothing written or
     * audited). Like the kill, never held back by review; in an environment that requires review it
     * opens a follow-up review of the restore in the same transaction (features/change-requests).
     */
    restore(actor: Actor, key: string, envKey: string, reason: string): Promise<Outcome> {
      return db.transaction((tx) => inTx.restore(tx, actor, key, envKey, reason));
    },
  };
}

export type FlagConfigService = ReturnType<typeof createFlagConfigService>;
