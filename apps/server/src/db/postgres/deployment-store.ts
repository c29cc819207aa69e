import type { DeploymentStore } from '../stores';
import type { PgDb } from './pg-db';
import { deployment } from './schema';

export function postgresDeploymentStore(db: PgDb): DeploymentStore {
  return {
    async get() {
      const [row] = await db.select().from(deployment).limit(1);
      return row;
    },
    async insert(record) {
      await db.insert(deployment).values(record);
    },
  };
}
