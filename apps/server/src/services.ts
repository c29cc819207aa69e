import type { Database } from './db/stores';
import type { CheckpointOptions } from './features/audit/audit-checkpoints';
import { createAuditService } from './features/audit/audit-service';
import { createSdkAuthenticator } from './features/auth/authenticate-sdk';
import { KeyCache } from './features/auth/key-cache';
import { createChangeFeed, type ChangeFeed } from './features/changes/change-feed';
import { createChangeLog } from './features/changes/change-log';
import type { EnvironmentBudget } from './features/environments/environment-size';
import { Signal } from './infra/signal';
import { createDeploymentService } from './features/deployment/deployment-service';
import { createEnvironmentService } from './features/environments/environment-service';
import { createEvaluationService } from './features/evaluations/evaluation-service';
import { createExplainService } from './features/evaluations/explain-service';
import { createFlagConfigService } from './features/flags/flag-config-service';
import { createFlagService } from './features/flags/flag-service';
import { createKeyService } from './features/keys/key-service';
import { createMigrationService } from './features/migrations/migration-service';
import { createPlanService } from './features/plans/plan-service';
import { createPrometheusReader, type PrometheusOptions } from './features/releases/prometheus-reader';
import { createReleaseService } from './features/releases/release-service';
import { createReportService } from './features/reports/report-service';
import { createChangeRequestService, type ChangeRequestEvent } from './features/change-requests/change-request-service';
import { createBreakGlass } from './features/review/break-glass';
import { createReviewPolicyService } from './features/review/review-policy-service';
import { createRuleSetCache } from './features/sdk/rule-set-cache';
import { createSegmentService } from './features/segments/segment-service';
import { createSessionService } from './features/session/session-service';
import { instrumentDatabase } from './infra/metrics/instrumented-database';
import { createMetrics } from './infra/metrics/metrics';
import { createTriggerService } from './features/triggers/trigger-service';
import { createWebhookOutbox } from './features/webhooks/webhook-outbox';
import { createWebhookService } from './features/webhooks/webhook-service';

/** The composition root: every service, wired from one database, one clock and one change feed. */
/** `checkpoints`: how the audit chain is anchored (signing key, cadence); none: no checkpoints are written. */
/** `prometheus`: where `prometheus` release gates are read (PROMETHEUS_URL); none: such gates are refused. */
export function createServices(deps: { db: Database; now?: () => Date; feed?: ChangeFeed; budget?: EnvironmentBudget; checkpoints?: CheckpointOptions; prometheus?: PrometheusOptions | undefined }) {
  const metrics = createMetrics();
  const db = instrumentDatabase(deps.db, metrics);
  const now = deps.now ?? (() => new Date());
  const feed = deps.feed ?? createChangeFeed();
  /** Emitted once a transaction that wrote webhook deliveries commits: the delivery worker wakes. */
  const webhookDeliveriesWritten = new Signal<void>();
  const outbox = createWebhookOutbox({ now, written: webhookDeliveriesWritten });
  const audit = createAuditService({ db, now, onRecord: (action) => metrics.auditWrites.inc({ action }), checkpoints: deps.checkpoints, outbox });
  const changes = createChangeLog({ feed, budget: deps.budget });
  const shared = { db, audit, changes, now };
  /** Key records by secret hash: every admin-token and SDK-key check reads through it. */
  const keyCache = new KeyCache(db);
  const keyRevoked = new Signal<string>();
  keyRevoked.subscribe((keyId) => keyCache.forgetKey(keyId)); // refused from the next request on
  const sessionEnded = new Signal<string>();
  const migrations = createMigrationService(shared);
  const environments = createEnvironmentService({ ...shared, migrations });
  const flags = createFlagService({ ...shared, migrations });
  const configs = createFlagConfigService({ ...shared, migrations });
  const segments = createSegmentService(shared);
  const plans = createPlanService({ db, changes, flags, configs, segments });
  const changeRequestMoved = new Signal<ChangeRequestEvent>();
  for (const measure of ['bytes', 'flags', 'segments'] as const) metrics.environmentBudget.set({ measure }, changes.budget[measure]);
  metrics.readEnvironmentSizesWith(async () => (await environments.list()).map((e) => ({ environment: e.key, size: e.size })));
  const releases = createReleaseService({ db, audit, configs, migrations, now, readQuery: deps.prometheus && createPrometheusReader(deps.prometheus) });
  return {
    metrics,
    db,
    now,
    feed,
    changes,
    audit,
    migrations,
    deployment: createDeploymentService({ db, now }),
    environments,
    flags,
    configs,
    segments,
    plans,
    releases,
    reviewPolicies: createReviewPolicyService({ db, audit, now }),
    breakGlass: createBreakGlass({ db, audit, plans }),
    changeRequestMoved,
    changeRequests: createChangeRequestService({ db, audit, plans, now, changed: changeRequestMoved }),
    keyCache,
    authenticateSdk: createSdkAuthenticator(keyCache),
    keyRevoked,
    keys: createKeyService({ db, audit, now, revoked: keyRevoked }),
    ruleSets: createRuleSetCache(db, { feed }),
    sessionEnded,
    sessions: createSessionService({ db, keyCache, audit, now, ended: sessionEnded }),
    evaluations: createEvaluationService({ db, now }),
    triggers: createTriggerService({ db, audit, now, configs, releases }),
    webhooks: createWebhookService({ db, audit, now }),
    webhookDeliveriesWritten,
    explain: createExplainService({ db }),
    reports: createReportService({ db, now }),
  };
}

export type Services = ReturnType<typeof createServices>;
