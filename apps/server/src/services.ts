import type { Database } from './db/stores';
import type { CheckpointOptions } from './features/audit/audit-checkpoints';
import { createAuditService } from './features/audit/audit-service';
import { keyCacheFor } from './features/auth/key-cache';
import { ChangeFeed } from './features/changes/change-feed';
import { Signal } from './features/changes/signal';
import { createDeploymentService } from './features/deployment/deployment-service';
import { createEnvironmentService } from './features/environments/environment-service';
import { createEvaluationService } from './features/evaluations/evaluation-service';
import { createFlagConfigService } from './features/flags/flag-config-service';
import { createFlagService } from './features/flags/flag-service';
import { createKeyService } from './features/keys/key-service';
import { createMigrationService } from './features/migrations/migration-service';
import { createRuleSetCache } from './features/sdk/rule-set-cache';
import { createSegmentService } from './features/segments/segment-service';
import { createSessionService } from './features/session/session-service';
import { instrumentDatabase } from './features/metrics/instrumented-database';
import { createMetrics } from './features/metrics/metrics';

/** The composition root: every service, wired from one database, one clock and one change feed. */
/** `checkpoints`: how the audit chain is anchored (signing key, cadence); none: no checkpoints are written. */
export function createServices(deps: { db: Database; now?: () => Date; feed?: ChangeFeed; checkpoints?: CheckpointOptions }) {
  const metrics = createMetrics();
  const db = instrumentDatabase(deps.db, metrics);
  const now = deps.now ?? (() => new Date());
  const feed = deps.feed ?? new ChangeFeed();
  const audit = createAuditService({ db, now, onRecord: (action) => metrics.auditWrites.inc({ action }), checkpoints: deps.checkpoints });
  const shared = { db, audit, feed, now };
  const keyRevoked = new Signal<string>();
  keyRevoked.on((keyId) => keyCacheFor(db).forgetKey(keyId)); // refused from the next request on
  const sessionEnded = new Signal<string>();
  const migrations = createMigrationService(shared);
  return {
    metrics,
    db,
    now,
    feed,
    audit,
    migrations,
    deployment: createDeploymentService({ db, now }),
    environments: createEnvironmentService({ ...shared, migrations }),
    flags: createFlagService({ ...shared, migrations }),
    configs: createFlagConfigService(shared),
    segments: createSegmentService(shared),
    keyRevoked,
    keys: createKeyService({ db, audit, now, revoked: keyRevoked }),
    ruleSets: createRuleSetCache(db, { feed }),
    sessionEnded,
    sessions: createSessionService({ db, audit, now, ended: sessionEnded }),
    evaluations: createEvaluationService({ db, now }),
  };
}

export type Services = ReturnType<typeof createServices>;
