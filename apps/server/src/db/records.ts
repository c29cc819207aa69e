import type { ReleasePlanDefinition, ReleaseState } from '@switchyard/core';
import type { AuditEntryRecord, EnvironmentConfig, FlagDefinition, Segment } from '@switchyard/core';
import type { ChangeRequestState, KeyKind, Role, TriggerAction } from '@switchyard/api';

export type { ChangeRequestState, KeyKind, Role, TriggerAction };

/** Rows as the services see them, independent of the SQL dialect. */
export interface EnvironmentRecord {
  key: string;
  name: string;
  version: number;
  createdAt: string;
  /** The running size of what SDKs load (current when `sizedVersion` equals `version`). */
  sizeBytes: number;
  flagCount: number;
  segmentCount: number;
  sizedVersion: number;
}

/** What SDKs load of one environment: the bytes of its live flags' and segments' JSON, and their counts. */
export interface EnvironmentSize {
  bytes: number;
  flags: number;
  segments: number;
}

export type FlagRecord = FlagDefinition & { updatedAt: string };

/**
 * `version` is the environment's version at the config's last change (what SDKs track);
 * `revision` counts this flag's own changes in the environment (1 when created): what people see.
 */
export type FlagConfigRecord = EnvironmentConfig & { flagKey: string; envKey: string; updatedAt: string; revision: number };

export type SegmentRecord = Segment & { envKey: string; createdAt: string; updatedAt: string };


export interface ApiKeyRecord {
  id: string;
  kind: KeyKind;
  role: Role | null;
  envKey: string | null;
  name: string;
  hash: string;
  hint: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Client keys: browser origins allowed to read OFREP answers with this key (docs/ofrep.md, CORS); null: none beyond the server's list. */
  allowedOrigins: string[] | null;
}

/** An audit entry as stored: core's record of the chain's format. */
export type AuditRecord = AuditEntryRecord;

/** A signed checkpoint: "audit entry `seq` has hash `hash`", signed at `at` by key `keyId`. */
export interface AuditCheckpointRecord {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  /** Ed25519 signature of the checkpoint's message (audit-checkpoints.ts), base64url. */
  signature: string;
}

/**
 * One environment version in the change log. Usually one item (`kind` flag or segment, `key`, `op`,
 * `payload` the item as SDKs get it). A plan applied as one version is one record of kind `batch`:
 * `key` empty, `op` upsert, `payload` `{"items":[{kind, key, op, data}, …]}` (features/changes/change-items.ts).
 */
export interface ChangeRecord {
  envKey: string;
  version: number;
  kind: 'flag' | 'segment' | 'batch';
  key: string;
  op: 'upsert' | 'delete';
  payload: string | null;
  at: string;
}

/** The deployment's identity (one row): every replica sharing the database shares it. */
export interface DeploymentRecord {
  id: string;
  createdAt: string;
}

export interface SessionRecord {
  idHash: string;
  keyId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** One UTC day's count of a flag's variant in an environment (`day`: YYYY-MM-DD). */
export interface EvaluationDayRecord {
  envKey: string;
  flagKey: string;
  /** '' when the caller's default was served (no variant). */
  variant: string;
  day: string;
  count: number;
}

export interface EvaluationCountRecord {
  envKey: string;
  flagKey: string;
  /** '' when the caller's default was served (no variant). */
  variant: string;
  count: number;
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

export interface MigrationSettingsRecord {
  flagKey: string;
  backfillRequired: boolean;
  gates: import('@switchyard/core').MigrationGatesInput;
  checkRatio: number;
}

export interface MigrationStateRecord {
  flagKey: string;
  envKey: string;
  state: import('@switchyard/core').MigrationState;
  updatedAt: string;
}

export interface BackfillBatchRecord {
  flagKey: string;
  envKey: string;
  jobName: string;
  cursorStart: string;
  cursorEnd: string;
  /** The report as the job sent it, JSON. */
  report: string;
  updatedAt: string;
}

export interface MigrationMeasurementRecord {
  flagKey: string;
  envKey: string;
  stage: string;
  /** ISO minute, e.g. 2026-11-26T10:03:00.000Z. */
  minute: string;
  oldInvocations: number;
  oldErrors: number;
  newInvocations: number;
  newErrors: number;
  compared: number;
  consistent: number;
  /** Counts per latency bucket (core's LATENCY_BUCKETS_MS). */
  oldLatency: number[];
  newLatency: number[];
}

/** A guarded release plan (see features/releases). */
export interface ReleasePlanRecord {
  id: string;
  flagKey: string;
  envKey: string;
  definition: ReleasePlanDefinition;
  state: ReleaseState;
  gateHash: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  tickedAt: string;
  revision: number;
}

/** Tracked calls of one flag's variation in one 10-second bucket. */
export interface ReleaseSignalRecord {
  envKey: string;
  flagKey: string;
  variant: string;
  bucket: string;
  samples: number;
  errors: number;
  latencySumMs: number;
  timed: number;
}

/** One replica's delivery count for a plan's stage version. */
export interface ReleaseDeliveryRecord {
  planId: string;
  replicaId: string;
  version: number;
  applied: number;
  total: number;
  reportedAt: string;
}

/** An environment's review policy (features/review): absent means no review is required. */
export interface ReviewPolicyRecord {
  envKey: string;
  requireReview: boolean;
  /** Approvals by people other than the author needed before a request may apply (1–10). */
  minApprovals: number;
  /** Roles whose approvals count. */
  approverRoles: Role[];
  updatedAt: string;
  updatedBy: string;
}


/**
 * A change request: changes to one environment (a plan's changes, each with its base version) to be
 * reviewed and applied together, or a follow-up review of something done without one (a restore).
 * `content` is the canonical JSON text of what is reviewed; `contentHash` its SHA-256. `revision`
 * counts edits: approvals are bound to a revision and its hash.
 */
export interface ChangeRequestRecord {
  id: string;
  envKey: string;
  kind: 'change' | 'follow-up';
  state: ChangeRequestState;
  title: string;
  author: string;
  authorKeyId: string | null;
  content: string;
  contentHash: string;
  revision: number;
  /** When a scheduled request is due (ISO), or null. */
  scheduledAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the last apply did or why it failed (JSON text), or null. */
  outcome: string | null;
}

/** One reviewer's decision on one revision of a change request. */
export interface ChangeRequestReviewRecord {
  requestId: string;
  /** 1, 2, … in the order the reviews were given. */
  n: number;
  reviewer: string;
  reviewerKeyId: string | null;
  reviewerRole: Role;
  decision: 'approve' | 'reject';
  revision: number;
  contentHash: string;
  comment: string | null;
  at: string;
}


/** An inbound trigger: a URL an alerting tool calls to kill or restore one flag in one environment. */
export interface TriggerRecord {
  /** Public id (`trg_…`): the audit log's actor is `trigger:<id>`. Not a credential. */
  id: string;
  name: string;
  flagKey: string;
  envKey: string;
  action: TriggerAction;
  /** SHA-256 (hex) of the URL's secret token: the only form of it stored. */
  urlHash: string;
  /** The first characters of the URL token, to recognise it. */
  urlHint: string;
  /** The HMAC-SHA256 key signed calls must use, or null when calls are not signed (see docs/integrations.md). */
  signingSecret: string | null;
  createdAt: string;
  createdBy: string;
  rotatedAt: string | null;
  disabledAt: string | null;
  disabledBy: string | null;
}

export type WebhookFormat = 'json' | 'slack';

/** An outbound webhook subscription; `null` filters match everything. */
export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  /** The HMAC-SHA256 key every delivery is signed with (the server must hold it to sign). */
  secret: string;
  environments: string[] | null;
  flags: string[] | null;
  tags: string[] | null;
  actions: string[] | null;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  disabledBy: string | null;
  /** Which replica delivers for this subscription, until when (epoch ms): one sender at a time. */
  leaseOwner: string | null;
  leaseUntil: number | null;
}

/** One audit entry to deliver to one subscription: the outbox, written in the entry's transaction. */
export interface WebhookDeliveryRecord {
  webhookId: string;
  seq: number;
  /** `pending` until a 2xx answer; a replay makes it pending again. */
  status: 'pending' | 'delivered';
  attempts: number;
  /** Epoch ms before which the next attempt is not made (backoff). */
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** One attempt to deliver one entry: the delivery log. */
export interface WebhookAttemptRecord {
  webhookId: string;
  seq: number;
  attempt: number;
  at: string;
  /** The receiver's HTTP status, or null when there was none (refused, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Which replica sent it. */
  sender: string;
}
