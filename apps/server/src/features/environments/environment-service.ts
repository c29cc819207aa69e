import type { EnvironmentRecord, EnvironmentSize } from '../../db/records';
import type { Database, Stores, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import type { ChangeLog } from '../changes/change-log';
import { writeFlagVersion } from '../flags/flag-changes';
import { initialConfigFor, toDefinition } from '../flags/flag-views';
import type { MigrationService } from '../migrations/migration-service';
import type { CreateEnvironmentBody } from '@switchyard/api';
import { recountEnvironment, type EnvironmentBudget } from './environment-size';

/** The environments every new installation starts with. */
export const DEFAULT_ENVIRONMENTS = [
  { key: 'development', name: 'Development' },
  { key: 'staging', name: 'Staging' },
  { key: 'production', name: 'Production' },
] as const;

/** An environment as the API shows it: with what SDKs load of it now, and how much it may hold. */
export interface EnvironmentView {
  key: string;
  name: string;
  version: number;
  createdAt: string;
  size: EnvironmentSize;
  budget: EnvironmentBudget;
}

export function createEnvironmentService(deps: { db: Database; audit: AuditService; changes: ChangeLog; now: () => Date; migrations: MigrationService }) {
  const { db, audit, changes, now, migrations } = deps;

  async function viewOf(s: Stores, env: EnvironmentRecord): Promise<EnvironmentView> {
    // The running size, or (until the first change after an upgrade) a count of what the environment holds.
    const size = env.sizedVersion === env.version ? { bytes: env.sizeBytes, flags: env.flagCount, segments: env.segmentCount } : await recountEnvironment(s, env.key);
    return { key: env.key, name: env.name, version: env.version, createdAt: env.createdAt, size, budget: changes.budget };
  }

  async function createIn(tx: Tx, actor: Actor, input: CreateEnvironmentBody, created = now()): Promise<EnvironmentView> {
    if (await tx.environments.get(input.key)) throw new AppError('ALREADY_EXISTS', `An environment "${input.key}" already exists.`);
    const at = created.toISOString();
    await tx.environments.insert({ key: input.key, name: input.name, version: 0, createdAt: at, sizeBytes: 0, flagCount: 0, segmentCount: 0, sizedVersion: 0 });
    for (const flag of await tx.flags.list({})) {
      const def = toDefinition(flag);
      await writeFlagVersion(tx, changes, def, input.key, initialConfigFor(def), at, null);
      const settings = def.type === 'migration' ? await tx.migrations.getSettings(def.key) : undefined;
      if (settings) await migrations.initialize(tx, settings, [input.key], at);
    }
    const env = (await tx.environments.get(input.key))!;
    await audit.record(tx, actor, { action: 'environment.create', resource: 'environment', envKey: env.key, after: { key: env.key, name: env.name }, reason: input.reason ?? null });
    return viewOf(tx, env);
  }

  return {
    list(): Promise<EnvironmentView[]> {
      return db.read(async (s) => Promise.all((await s.environments.list()).map((env) => viewOf(s, env))));
    },

    async get(key: string): Promise<EnvironmentView> {
      const view = await db.read(async (s) => {
        const env = await s.environments.get(key);
        return env && viewOf(s, env);
      });
      if (!view) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${key}".`);
      return view;
    },

    /** Creates an environment in which every existing flag starts off (the safe default). */
    async create(actor: Actor, input: CreateEnvironmentBody): Promise<EnvironmentView> {
      return db.transaction((tx) => createIn(tx, actor, input));
    },

    /**
     * Creates the default environments on first start, and does nothing afterwards. The check and the
     * creation share one transaction, so replicas starting together create them once.
     */
    async ensureDefaults(actor: Actor): Promise<void> {
      await db.transaction(async (tx) => {
        if ((await tx.environments.list()).length > 0) return;
        // Environments are listed in creation order. These three are created within the same
        // millisecond, so each gets its own: development, staging, production, in pipeline order.
        const start = now().getTime();
        for (const [i, env] of DEFAULT_ENVIRONMENTS.entries()) await createIn(tx, actor, { ...env, reason: 'first start' }, new Date(start + i));
      });
    },
  };
}

export type EnvironmentService = ReturnType<typeof createEnvironmentService>;
