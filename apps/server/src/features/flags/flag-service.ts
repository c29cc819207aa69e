import { DEFAULT_BOOLEAN_VARIATIONS, defaultExpiry, migrationVariations, type FlagDefinition } from '@switchyard/core';
import type { FlagRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError, invalid } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { assertDirectDefinitionWrite } from '../review/review-gate';
import type { ChangeLog } from '../changes/change-log';
import { servedFlag, writeFlagVersion } from './flag-changes';
import type { CreateFlagBody, ListFlagsQuery, UpdateFlagBody } from '@switchyard/api';
import { validateConfig, validateDefinition } from './flag-validation';
import type { MigrationService } from '../migrations/migration-service';
import { defaultOnVariation, initialConfigFor, toConfig, toDefinition, toFlagView, type FlagView } from './flag-views';

export interface FlagServiceDeps {
  db: Database;
  audit: AuditService;
  changes: ChangeLog;
  now: () => Date;
  migrations: MigrationService;
}

/** Archiving: `force` (with a reason) archives a flag even while it is killed somewhere. */
export interface ArchiveInput {
  reason?: string | undefined;
  force?: boolean | undefined;
  /** The definition version the change is based on: plans give one (checked first), the archive route none. */
  baseVersion?: number | undefined;
}

/** Flag definitions: create, read, list, update, archive. Per-environment config: flag-config-service. */
export function createFlagService({ db, audit, changes, now, migrations }: FlagServiceDeps) {
  async function loadFlag(tx: Tx, key: string): Promise<FlagRecord> {
    const flag = await tx.flags.get(key);
    if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${key}".`);
    return flag;
  }

  async function viewOf(tx: Pick<Tx, 'configs'>, flag: FlagRecord): Promise<FlagView> {
    return toFlagView(flag, await tx.configs.listForFlag(flag.key));
  }

  /** Saves a new definition and re-publishes the flag in every environment as a new version. */
  async function saveDefinition(tx: Tx, previous: FlagRecord, next: FlagRecord): Promise<void> {
    await tx.flags.update(next);
    for (const config of await tx.configs.listForFlag(next.key))
      await writeFlagVersion(tx, changes, next, config.envKey, toConfig(config), next.updatedAt, servedFlag(previous, config));
  }

  function checkBase(flag: FlagRecord, baseVersion: number | undefined): void {
    if (baseVersion !== undefined && flag.version !== baseVersion)
      throw new AppError('VERSION_CONFLICT', `Flag "${flag.key}" is at version ${flag.version}; your change is based on ${baseVersion}.`, {
        currentVersion: flag.version,
        current: toDefinition(flag),
      });
  }

  /** Each change inside a caller's transaction (a plan's); the methods below run each in its own. */
  const inTx = {
    async create(tx: Tx, actor: Actor, input: CreateFlagBody): Promise<FlagView> {
      const created = now();
      const at = created.toISOString();
      const migration = input.type === 'migration';
      if (migration) {
        for (const field of ['variationType', 'variations', 'offVariation', 'onVariation'] as const)
          if (input[field] !== undefined) throw invalid(`body.${field}`, 'is fixed for migration flags: their variations are the stages');
      } else if (input.migration !== undefined) throw invalid('body.migration', 'is only for migration flags');
      const settings = { flagKey: input.key, backfillRequired: input.migration?.backfillRequired ?? true, gates: input.migration?.gates ?? {}, checkRatio: input.migration?.checkRatio ?? 1 };
      const variationType = migration ? 'json' : (input.variationType ?? 'boolean');
      if (input.variations === undefined && variationType !== 'boolean' && !migration) throw invalid('body.variations', `are required for ${variationType} flags`);
      const variations = migration ? migrationVariations(settings.checkRatio) : (input.variations ?? [...DEFAULT_BOOLEAN_VARIATIONS]);
      if (input.expiresAt != null && input.expiresAt <= at) throw invalid('body.expiresAt', 'must be in the future');
      const def: FlagDefinition = {
        key: input.key,
        name: input.name ?? input.key,
        description: input.description ?? '',
        type: input.type,
        owner: input.owner,
        tags: input.tags ?? [],
        createdAt: at,
        expiresAt: input.expiresAt === undefined ? defaultExpiry(input.type, created) : input.expiresAt,
        variationType,
        variations,
        offVariation: input.offVariation ?? 0,
        clientSide: input.clientSide ?? false,
        archivedAt: null,
        version: 1,
      };
      validateDefinition(def);
      const onVariation = input.onVariation ?? defaultOnVariation(def);
      if (onVariation >= variations.length) throw invalid('body.onVariation', `must be the index of a variation (0..${variations.length - 1})`);
      if (await tx.flags.get(def.key)) throw new AppError('ALREADY_EXISTS', `A flag "${def.key}" already exists (flags are archived, never deleted).`);
      await tx.flags.insert({ ...def, updatedAt: at });
      const envs = await tx.environments.list();
      for (const env of envs) await writeFlagVersion(tx, changes, def, env.key, initialConfigFor(def, onVariation), at, null);
      if (migration) await migrations.initialize(tx, settings, envs.map((e) => e.key), at);
      const view = await viewOf(tx, { ...def, updatedAt: at });
      const after = migration ? { ...view, migration: settings } : view;
      await audit.record(tx, actor, { action: 'flag.create', resource: 'flag', flagKey: def.key, after, reason: input.reason ?? null });
      return view;
    },

    async update(tx: Tx, actor: Actor, key: string, input: Omit<UpdateFlagBody, 'baseVersion'> & { baseVersion?: number | undefined }): Promise<FlagView> {
      const { baseVersion, reason, ...edits } = input;
      const flag = await loadFlag(tx, key);
      checkBase(flag, baseVersion);
      if (flag.archivedAt !== null) throw new AppError('FLAG_ARCHIVED');
      if (flag.type === 'migration' && (edits.variations !== undefined || edits.offVariation !== undefined))
        throw new AppError('MIGRATION_MANAGED', `The variations of migration flag "${key}" are its stages and cannot be edited.`);
      const at = now().toISOString();
      const next: FlagRecord = { ...flag, ...dropUndefined(edits), version: flag.version + 1, updatedAt: at };
      if (JSON.stringify(toDefinition({ ...next, version: flag.version, updatedAt: flag.updatedAt })) === JSON.stringify(toDefinition(flag)))
        throw new AppError('NO_CHANGE');
      validateDefinition(next);
      // New variations must still fit every environment's targets, rules and fallthrough.
      for (const config of await tx.configs.listForFlag(key)) await validateConfig(tx, next, config.envKey, toConfig(config), `environments.${config.envKey}`);
      await saveDefinition(tx, flag, next);
      const after = await viewOf(tx, next);
      await audit.record(tx, actor, { action: 'flag.update', resource: 'flag', flagKey: key, before: toDefinition(flag), after: toDefinition(next), reason: reason ?? null });
      return after;
    },

    /**
     * Archives or unarchives a flag. Archiving a flag that is killed in any environment is refused
     * (409 FLAG_KILLED) unless forced with a reason: archived, it would vanish from SDKs, which then
     * serve the caller's code default instead of the kill's off value. A forced archive is audited
     * as `flag.archive.forced`, with the kills it overrode.
     */
    async setArchived(tx: Tx, actor: Actor, key: string, archived: boolean, input: ArchiveInput = {}): Promise<FlagView> {
      const { reason, force } = input;
      const flag = await loadFlag(tx, key);
      checkBase(flag, input.baseVersion);
      if ((flag.archivedAt !== null) === archived) throw new AppError('NO_CHANGE', `Flag "${key}" is ${archived ? 'already' : 'not'} archived.`);
      const configs = await tx.configs.listForFlag(key);
      const kills = archived ? Object.fromEntries(configs.filter((c) => c.killed !== null).map((c) => [c.envKey, c.killed])) : {};
      const killedIn = Object.keys(kills);
      if (killedIn.length > 0 && !force)
        throw new AppError(
          'FLAG_KILLED',
          `Flag "${key}" is killed in ${killedIn.join(', ')}: archived, SDKs would serve the code default instead of the kill's off value. Restore it first, or force the archive with a reason.`,
          { killedIn: kills },
        );
      if (killedIn.length > 0 && !reason) throw invalid('body.reason', 'is required to force archiving a killed flag: say why');
      const at = now().toISOString();
      const next: FlagRecord = { ...flag, archivedAt: archived ? at : null, version: flag.version + 1, updatedAt: at };
      await saveDefinition(tx, flag, next);
      const forced = killedIn.length > 0;
      const action = !archived ? 'flag.unarchive' : forced ? 'flag.archive.forced' : 'flag.archive';
      const after = forced ? { ...toDefinition(next), overriddenKills: kills } : toDefinition(next);
      await audit.record(tx, actor, { action, resource: 'flag', flagKey: key, before: toDefinition(flag), after, reason: reason ?? null });
      return viewOf(tx, next);
    },
  };

  return {
    inTx,

    async list(q: ListFlagsQuery): Promise<FlagView[]> {
      const at = now().toISOString();
      return db.read(async (s) => {
        const rows = await s.flags.list({
          tag: q.tag,
          owner: q.owner,
          type: q.type,
          archived: q.archived ?? false,
          search: q.q,
          expiredBefore: q.stale ? at : undefined,
        });
        let views = await Promise.all(rows.map((f) => viewOf(s, f)));
        if (q.stale === false) views = views.filter((v) => v.expiresAt === null || v.expiresAt >= at);
        if (q.environment !== undefined) {
          const env = q.environment;
          if (!(await s.environments.get(env))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${env}".`);
          if (q.killed !== undefined) views = views.filter((v) => (v.environments[env]?.killed != null) === q.killed);
          if (q.enabled !== undefined) views = views.filter((v) => v.environments[env]?.enabled === q.enabled);
        } else if (q.killed !== undefined || q.enabled !== undefined) {
          throw invalid('query.environment', 'is required with killed or enabled');
        }
        return views;
      });
    },

    async get(key: string): Promise<FlagView> {
      return db.read(async (s) => {
        const flag = await s.flags.get(key);
        if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${key}".`);
        return viewOf(s, flag);
      });
    },

    async create(actor: Actor, input: CreateFlagBody): Promise<FlagView> {
      return db.transaction((tx) => inTx.create(tx, actor, input));
    },

    async update(actor: Actor, key: string, input: UpdateFlagBody): Promise<FlagView> {
      return db.transaction(async (tx) => {
        await assertDirectDefinitionWrite(tx, key);
        return inTx.update(tx, actor, key, input);
      });
    },

    async setArchived(actor: Actor, key: string, archived: boolean, input: ArchiveInput = {}): Promise<FlagView> {
      return db.transaction(async (tx) => {
        await assertDirectDefinitionWrite(tx, key);
        return inTx.setArchived(tx, actor, key, archived, input);
      });
    },
  };
}

export type FlagService = ReturnType<typeof createFlagService>;

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
