import type { DeploymentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { deployment } from './schema';

export function sqliteDeploymentStore(db: SqliteDb): DeploymentStore {
  return {
    async get() {
      return db.select().from(deployment).limit(1).get();
    },
    async insert(record) {
      db.insert(deployment).values(record).run();
    },
  };
}
