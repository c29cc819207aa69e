import type { EnvironmentRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import type { ChangeFeed } from '../changes/change-feed';
import { writeFlagVersion } from '../flags/flag-changes';
import { initialConfigFor, toDefinition } from '../flags/flag-views';
import type { MigrationService } from '../migrations/migration-service';
import type { CreateEnvironmentBody } from './environment-schemas';

/** The environments every new installation starts with. */
export const DEFAULT_ENVIRONMENTS = [
  { key: 'development', name: 'Development' },
  { key: 'staging', name: 'Staging' },
  { key: 'production', name: 'Production' },
] as const;

export function createEnvironmentService(deps: { db: Database; audit: AuditService; feed: ChangeFeed; now: () => Date; migrations: MigrationService }) {
  const { db, audit, feed, now, migrations } = deps;

  async function createIn(tx: Tx, actor: Actor, input: CreateEnvironmentBody, created = now()): Promise<EnvironmentRecord> {
    if (await tx.environments.get(input.key)) throw new AppError('ALREADY_EXISTS', `An environment "${input.key}" already exists.`);
    const at = created.toISOString();
    await tx.environments.insert({ key: input.key, name: input.name, version: 0, createdAt: at });
    for (const flag of await tx.flags.list({})) {
      const def = toDefinition(flag);
      await writeFlagVersion(tx, feed, def, input.key, initialConfigFor(def), at);
      const settings = def.type === 'migration' ? await tx.migrations.getSettings(def.key) : undefined;
      if (settings) await migrations.initialize(tx, settings, [input.key], at);
    }
    const env = (await tx.environments.get(input.key))!;
    await audit.record(tx, actor, { action: 'environment.create', resource: 'environment', envKey: env.key, after: { key: env.key, name: env.name }, reason: input.reason ?? null });
    return env;
  }

  return {
    list(): Promise<EnvironmentRecord[]> {
      return db.read((s) => s.environments.list());
    },

    async get(key: string): Promise<EnvironmentRecord> {
      const env = await db.read((s) => s.environments.get(key));
      if (!env) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${key}".`);
      return env;
    },

    /** Creates an environment in which every existing flag starts off (the safe default). */
    async create(actor: Actor, input: CreateEnvironmentBody): Promise<EnvironmentRecord> {
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
