import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/stores';

/**
 * The deployment's identity: created once, on the first start against an empty database (checked
 * and written in one transaction, so replicas starting together create one), then read by every
 * replica sharing that database. Two deployments are two databases, so two identities, even when
 * they share one Redis.
 */
export function createDeploymentService(deps: { db: Database; now: () => Date }) {
  let known: Promise<string> | undefined;

  const ensure = () =>
    deps.db.transaction(async (tx) => {
      const existing = await tx.deployment.get();
      if (existing) return existing.id;
      const id = `dep_${randomBytes(12).toString('base64url')}`;
      await tx.deployment.insert({ id, createdAt: deps.now().toISOString() });
      return id;
    });

  return {
    /** This deployment's id (created on the first call against a new database). */
    identity(): Promise<string> {
      known ??= ensure().catch((err: unknown) => {
        known = undefined; // a database that could not be reached: try again next time
        throw err;
      });
      return known;
    },
  };
}

export type DeploymentService = ReturnType<typeof createDeploymentService>;
