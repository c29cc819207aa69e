import type { Database, Stores } from '../stores';
import { CommitGroups } from './commit-groups';
import { sqliteAuditStore } from './audit-store';
import { sqliteChangeStore } from './change-store';
import { sqliteDeploymentStore } from './deployment-store';
import { sqliteEnvironmentStore } from './environment-store';
import { sqliteEvaluationStore } from './evaluation-store';
import { sqliteFlagConfigStore } from './flag-config-store';
import { sqliteFlagStore } from './flag-store';
import { sqliteKeyStore } from './key-store';
import { sqliteMigrationStore } from './migration-store';
import { openSqlite, type SqliteSynchronous } from './open-sqlite';
import { sqliteSegmentStore } from './segment-store';
import { SerialLock } from './serial-lock';
import { sqliteSessionStore } from './session-store';
import { sqliteTriggerStore } from './trigger-store';
import { sqliteWebhookStore } from './webhook-store';

/** The embedded default: one SQLite file, one connection, units of work run one at a time (committed in groups). */
export function createSqliteDatabase(file: string, onHookError: (err: unknown) => void = () => {}, options: { synchronous?: SqliteSynchronous } = {}): Database {
  const { db, raw } = openSqlite(file, options.synchronous);
  const lock = new SerialLock();
  const stores: Stores = {
    environments: sqliteEnvironmentStore(db, raw),
    flags: sqliteFlagStore(db, raw),
    configs: sqliteFlagConfigStore(db, raw),
    segments: sqliteSegmentStore(db),
    keys: sqliteKeyStore(db),
    audit: sqliteAuditStore(db, raw),
    changes: sqliteChangeStore(db, raw),
    sessions: sqliteSessionStore(db),
    evaluations: sqliteEvaluationStore(db),
    migrations: sqliteMigrationStore(db),
    deployment: sqliteDeploymentStore(db),
    triggers: sqliteTriggerStore(db),
    webhooks: sqliteWebhookStore(db),
  };
  let closed = false;

  const groups = new CommitGroups(raw, lock, stores, onHookError);

  return {
    dialect: 'sqlite',
    transaction(fn) {
      return groups.transaction(fn);
    },
    read(fn) {
      return lock.run(() => {
        groups.commit();
        return fn(stores);
      });
    },
    async ping() {
      raw.prepare('select 1').get();
    },
    async close() {
      await lock.run(() => groups.commit());
      if (!closed) raw.close();
      closed = true;
    },
  };
}
