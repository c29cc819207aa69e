import type { Database, Stores, Tx } from '../stores';
import { sqliteAuditStore } from './audit-store';
import { sqliteChangeRequestStore } from './change-request-store';
import { sqliteChangeStore } from './change-store';
import { sqliteDeploymentStore } from './deployment-store';
import { sqliteEnvironmentStore } from './environment-store';
import { sqliteEvaluationStore } from './evaluation-store';
import { sqliteFlagConfigStore } from './flag-config-store';
import { sqliteFlagStore } from './flag-store';
import { sqliteKeyStore } from './key-store';
import { sqliteMigrationStore } from './migration-store';
import { sqliteReleaseStore } from './release-store';
import { openSqlite, type SqliteSynchronous } from './open-sqlite';
import { sqliteSegmentStore } from './segment-store';
import { SerialLock } from './serial-lock';
import { sqliteSessionStore } from './session-store';
import { sqliteTriggerStore } from './trigger-store';
import { sqliteWebhookStore } from './webhook-store';

/** The embedded default: one SQLite file, one connection, units of work run one at a time. */
export function createSqliteDatabase(file: string, onHookError: (err: unknown) => void = () => {}, options: { synchronous?: SqliteSynchronous } = {}): Database {
  const { db, raw } = openSqlite(file, options.synchronous);
  const lock = new SerialLock();
  const stores: Stores = {
    environments: sqliteEnvironmentStore(db),
    flags: sqliteFlagStore(db),
    configs: sqliteFlagConfigStore(db),
    segments: sqliteSegmentStore(db),
    keys: sqliteKeyStore(db),
    audit: sqliteAuditStore(db),
    changes: sqliteChangeStore(db),
    sessions: sqliteSessionStore(db),
    evaluations: sqliteEvaluationStore(db),
    migrations: sqliteMigrationStore(db),
    deployment: sqliteDeploymentStore(db),
    releases: sqliteReleaseStore(db),
    changeRequests: sqliteChangeRequestStore(db),
    triggers: sqliteTriggerStore(db),
    webhooks: sqliteWebhookStore(db),
  };
  let closed = false;

  return {
    dialect: 'sqlite',
    transaction(fn) {
      return lock.run(async () => {
        const hooks: (() => void)[] = [];
        const tx: Tx = {
          ...stores,
          afterCommit(f) {
            hooks.push(f);
          },
        };
        raw.exec('BEGIN IMMEDIATE');
        let result;
        try {
          result = await fn(tx);
          raw.exec('COMMIT');
        } catch (err) {
          if (raw.inTransaction) raw.exec('ROLLBACK');
          throw err;
        }
        // The change is committed: a failing hook must not turn it into an error for the caller.
        for (const hook of hooks) {
          try {
            hook();
          } catch (err) {
            onHookError(err);
          }
        }
        return result;
      });
    },
    read(fn) {
      return lock.run(() => fn(stores));
    },
    async ping() {
      raw.prepare('select 1').get();
    },
    async close() {
      await lock.run(() => undefined);
      if (!closed) raw.close();
      closed = true;
    },
  };
}
