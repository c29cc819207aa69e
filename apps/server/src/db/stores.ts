import type {
  BackfillBatchRecord,
  MigrationMeasurementRecord,
  MigrationSettingsRecord,
  MigrationStateRecord,
} from './records';
import type { ChangeRequestRecord, ChangeRequestReviewRecord, ChangeRequestState, DeploymentRecord, ReleaseDeliveryRecord, ReleasePlanRecord, ReleaseSignalRecord, ReviewPolicyRecord, TriggerRecord, WebhookAttemptRecord, WebhookDeliveryRecord, WebhookRecord } from './records';
import type { ApiKeyRecord, AuditCheckpointRecord, AuditRecord, ChangeRecord, EnvironmentRecord, EnvironmentSize, EvaluationCountRecord, EvaluationDayRecord, FlagConfigRecord, FlagRecord, SegmentRecord, SessionRecord } from './records';

/**
 * The store contract. Stores only read and write rows; services own transactions and audit.
 * Every dialect (SQLite, PostgreSQL) implements the same interfaces.
 */
export interface EnvironmentStore {
  list(): Promise<EnvironmentRecord[]>;
  get(key: string): Promise<EnvironmentRecord | undefined>;
  insert(env: EnvironmentRecord): Promise<void>;
  /**
   * Increments the environment's version and adds `delta` (default nothing) to its running size, in
   * one statement. Returns the new version, and the size after the delta — undefined when the size was
   * not current before (its `sizedVersion` was not the version): the caller then recounts it.
   */
  bumpVersion(key: string, delta?: EnvironmentSize): Promise<{ version: number; size: EnvironmentSize | undefined }>;
  /** Adds `delta` to a current running size (one made current by bumpVersion or setSize in this transaction) and returns it. */
  addSize(key: string, delta: EnvironmentSize): Promise<EnvironmentSize>;
  /** Sets the running size, current as of the environment's version. */
  setSize(key: string, size: EnvironmentSize): Promise<void>;
}

export interface FlagFilter {
  tag?: string;
  owner?: string;
  type?: string;
  archived?: boolean;
  /** Expired before this ISO time. */
  expiredBefore?: string;
  search?: string;
}

export interface FlagStore {
  list(filter: FlagFilter): Promise<FlagRecord[]>;
  get(key: string): Promise<FlagRecord | undefined>;
  insert(flag: FlagRecord): Promise<void>;
  update(flag: FlagRecord): Promise<void>;
}

export interface FlagConfigStore {
  get(flagKey: string, envKey: string): Promise<FlagConfigRecord | undefined>;
  listForFlag(flagKey: string): Promise<FlagConfigRecord[]>;
  listForEnvironment(envKey: string): Promise<FlagConfigRecord[]>;
  upsert(config: FlagConfigRecord): Promise<void>;
  /** Upserts rows of distinct (flag, environment) pairs in as few statements as the dialect allows. */
  upsertMany(configs: readonly FlagConfigRecord[]): Promise<void>;
}

export interface SegmentStore {
  list(envKey: string): Promise<SegmentRecord[]>;
  get(envKey: string, key: string): Promise<SegmentRecord | undefined>;
  insert(segment: SegmentRecord): Promise<void>;
  update(segment: SegmentRecord): Promise<void>;
  delete(envKey: string, key: string): Promise<void>;
}

export interface KeyStore {
  list(): Promise<ApiKeyRecord[]>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  insert(key: ApiKeyRecord): Promise<void>;
  revoke(id: string, at: string, by: string): Promise<void>;
}

export interface AuditFilter {
  flagKey?: string;
  envKey?: string;
  actor?: string;
  action?: string;
  resource?: string;
  since?: string;
  until?: string;
  /** Only entries with seq greater than this (pagination cursor, ascending). */
  afterSeq?: number;
  /** Only entries with seq less than this (pagination cursor, descending). */
  beforeSeq?: number;
  order?: 'asc' | 'desc';
  limit: number;
}

export interface AuditStore {
  /** The newest entry's seq and hash, or undefined when the log is empty. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  append(entry: AuditRecord): Promise<void>;
  /** Appends consecutive entries, in order, in as few statements as the dialect allows. */
  appendMany(entries: readonly AuditRecord[]): Promise<void>;
  list(filter: AuditFilter): Promise<AuditRecord[]>;
  count(): Promise<number>;
  /** The checkpoint with the highest seq, or undefined when there is none. */
  lastCheckpoint(): Promise<AuditCheckpointRecord | undefined>;
  /** Checkpoints with seq greater than `afterSeq`, ascending, at most `limit`. */
  listCheckpoints(afterSeq: number, limit: number): Promise<AuditCheckpointRecord[]>;
  appendCheckpoint(checkpoint: AuditCheckpointRecord): Promise<void>;
}

export interface ChangeStore {
  append(change: ChangeRecord): Promise<void>;
  /** Changes of an environment with version > `afterVersion`, ascending, at most `limit`. */
  since(envKey: string, afterVersion: number, limit: number): Promise<ChangeRecord[]>;
}

export interface SessionStore {
  get(idHash: string): Promise<SessionRecord | undefined>;
  insert(session: SessionRecord): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Removes sessions that expired before `at`. */
  deleteExpired(at: string): Promise<void>;
}

export interface EvaluationStore {
  /** Adds counts; creates rows as needed; `at` becomes the last-evaluated time. */
  add(envKey: string, counters: readonly { flagKey: string; variant: string; count: number }[], at: string): Promise<void>;
  listForFlag(flagKey: string): Promise<EvaluationCountRecord[]>;
  listAll(): Promise<EvaluationCountRecord[]>;
  /** A flag's per-day counts from `sinceDay` (YYYY-MM-DD, inclusive), by environment, day and variant. */
  listDaysForFlag(flagKey: string, sinceDay: string): Promise<EvaluationDayRecord[]>;
  /** Deletes the days before `beforeDay`; how many rows went. */
  pruneDays(beforeDay: string): Promise<number>;
}

export interface MigrationStore {
  getSettings(flagKey: string): Promise<MigrationSettingsRecord | undefined>;
  putSettings(settings: MigrationSettingsRecord): Promise<void>;
  getState(flagKey: string, envKey: string): Promise<MigrationStateRecord | undefined>;
  putState(state: MigrationStateRecord): Promise<void>;
  getBatch(flagKey: string, envKey: string, jobName: string, cursorStart: string, cursorEnd: string): Promise<BackfillBatchRecord | undefined>;
  putBatch(batch: BackfillBatchRecord): Promise<void>;
  listBatches(flagKey: string, envKey: string, jobName?: string): Promise<BackfillBatchRecord[]>;
  /** Adds a report's counts into its minute's row. */
  addMeasurement(m: MigrationMeasurementRecord): Promise<void>;
  /** Rows for a flag, environment and stage from `sinceMinute` on. */
  listMeasurements(flagKey: string, envKey: string, stage: string, sinceMinute: string): Promise<MigrationMeasurementRecord[]>;
}

export interface ReleaseStore {
  get(id: string): Promise<ReleasePlanRecord | undefined>;
  /** Plans, newest first; by flag and environment when given. */
  list(filter: { flagKey?: string; envKey?: string }): Promise<ReleasePlanRecord[]>;
  /** Plans whose state is draft, running or held. */
  listLive(): Promise<ReleasePlanRecord[]>;
  insert(plan: ReleasePlanRecord): Promise<void>;
  update(plan: ReleasePlanRecord): Promise<void>;
  /** Adds tracked counts into their buckets (usage data: commutative, unlocked). */
  addSignals(rows: readonly ReleaseSignalRecord[]): Promise<void>;
  /** Buckets of a flag in an environment from `sinceBucket` on (inclusive). */
  listSignals(envKey: string, flagKey: string, sinceBucket: string): Promise<ReleaseSignalRecord[]>;
  /** Deletes every bucket older than `beforeBucket` (exclusive); returns how many went. */
  pruneSignals(beforeBucket: string): Promise<number>;
  /** Replaces a replica's delivery report for a plan (one row per plan and replica). */
  putDelivery(row: ReleaseDeliveryRecord): Promise<void>;
  /** Every replica's latest report for a plan. */
  listDelivery(planId: string): Promise<ReleaseDeliveryRecord[]>;
}

export interface DeploymentStore {
  /** The deployment's identity, or undefined before the first start has created it. */
  get(): Promise<DeploymentRecord | undefined>;
  insert(record: DeploymentRecord): Promise<void>;
}

export interface ChangeRequestFilter {
  envKey?: string;
  state?: ChangeRequestState;
  limit: number;
}

/** Review policies, change requests and their reviews (features/review, features/change-requests). */
export interface ChangeRequestStore {
  getPolicy(envKey: string): Promise<ReviewPolicyRecord | undefined>;
  listPolicies(): Promise<ReviewPolicyRecord[]>;
  /** Inserts or replaces the environment's policy. */
  putPolicy(policy: ReviewPolicyRecord): Promise<void>;
  get(id: string): Promise<ChangeRequestRecord | undefined>;
  /** Newest first. */
  list(filter: ChangeRequestFilter): Promise<ChangeRequestRecord[]>;
  insert(request: ChangeRequestRecord): Promise<void>;
  update(request: ChangeRequestRecord): Promise<void>;
  /** Scheduled requests due at `at` (scheduledAt <= at), oldest due first, at most `limit`. */
  due(at: string, limit: number): Promise<ChangeRequestRecord[]>;
  /** A request's reviews, in order. */
  reviews(requestId: string): Promise<ChangeRequestReviewRecord[]>;
  addReview(review: ChangeRequestReviewRecord): Promise<void>;
}

export interface TriggerStore {
  list(): Promise<TriggerRecord[]>;
  get(id: string): Promise<TriggerRecord | undefined>;
  findByUrlHash(hash: string): Promise<TriggerRecord | undefined>;
  insert(trigger: TriggerRecord): Promise<void>;
  /** Writes every column of an existing trigger (rotate, disable). */
  update(trigger: TriggerRecord): Promise<void>;
}

/**
 * Webhook subscriptions, their outbox (deliveries) and delivery log (attempts). The outbox rows are
 * written by the audit service in the audited change's transaction; the delivery worker's methods
 * (claim … requeue) are single statements on these tables alone and take no write lock on PostgreSQL.
 */
export interface WebhookStore {
  list(): Promise<WebhookRecord[]>;
  get(id: string): Promise<WebhookRecord | undefined>;
  insert(webhook: WebhookRecord): Promise<void>;
  disable(id: string, at: string, by: string): Promise<void>;
  /** Subscriptions not disabled: the ones a new audit entry is matched against. */
  listActive(): Promise<WebhookRecord[]>;
  /** Outbox rows, in the audited change's transaction. */
  enqueue(rows: readonly WebhookDeliveryRecord[]): Promise<void>;
  /** Ids of active subscriptions with pending deliveries. */
  withPending(): Promise<string[]>;
  /**
   * Takes (or renews) the subscription's lease for `owner` until `until` when it is free, expired
   * (before `now`) or already `owner`'s, in one statement. Returns whether `owner` holds it.
   */
  claim(id: string, owner: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease up, if `owner` holds it. */
  release(id: string, owner: string): Promise<void>;
  /** The oldest pending deliveries of a subscription, by seq. */
  pending(id: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Logs an attempt and writes the delivery's new state. */
  attempted(attempt: WebhookAttemptRecord, delivery: WebhookDeliveryRecord): Promise<void>;
  /** Deliveries, newest first, with seq below `beforeSeq` when given. */
  deliveries(id: string, beforeSeq: number | undefined, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** The attempts at a subscription's deliveries with seq in [fromSeq, toSeq], oldest first. */
  attempts(id: string, fromSeq: number, toSeq: number): Promise<WebhookAttemptRecord[]>;
  /** Makes deliveries with seq in [fromSeq, toSeq] pending again, due now; returns how many. */
  requeue(id: string, fromSeq: number, toSeq: number, now: number): Promise<number>;
}

export interface Stores {
  environments: EnvironmentStore;
  flags: FlagStore;
  configs: FlagConfigStore;
  segments: SegmentStore;
  keys: KeyStore;
  audit: AuditStore;
  changes: ChangeStore;
  sessions: SessionStore;
  evaluations: EvaluationStore;
  migrations: MigrationStore;
  deployment: DeploymentStore;
  releases: ReleaseStore;
  changeRequests: ChangeRequestStore;
  triggers: TriggerStore;
  webhooks: WebhookStore;
}

/** A unit of work: the stores bound to one transaction, and hooks that run after it commits. */
export interface Tx extends Stores {
  /** Runs `fn` after the transaction commits (never if it rolls back). Streaming pushes from here. */
  afterCommit(fn: () => void): void;
}

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction: everything it writes commits together, or nothing does. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs read-only `fn` against a consistent view. */
  read<T>(fn: (s: Stores) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
