import type {
  BackfillReport,
  EnvironmentConfig,
  EvaluationTrace,
  FlagDefinition,
  FlagType,
  MigrationGates,
  MigrationGatesInput,
  MigrationStage,
  MigrationState,
  MoveOption,
  Refusal,
  Rule,
  Segment,
  SegmentRule,
  Serve,
  StagePlan,
  Target,
  Variation,
  VariationType,
} from '@switchyard/core';

/**
 * What the server answers and accepts under /api/v1, as the admin UI sees it. The domain types
 * (flag definition, environment config, segment) come from @switchyard/core so that a change of the
 * model is a compile error here rather than a surprise in the browser.
 */

/** Admin roles, from least to most allowed. */
export const ROLES = ['viewer', 'responder', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  name: string;
  role: Role;
}

/** `POST/GET /api/v1/session`. */
export interface Session {
  actor: Actor;
  csrfToken: string;
}

export interface Environment {
  key: string;
  name: string;
  version: number;
  createdAt: string;
}

/** A flag's config in one environment, as listed inside a flag. */
/** `revision`: the flag's own change count in the environment (shown to people); `version` is the environment's (for SDKs). */
export type EnvironmentConfigView = EnvironmentConfig & { updatedAt: string; revision?: number };

/** `GET /api/v1/flags/:key`: the definition with every environment's config. */
export interface FlagView extends FlagDefinition {
  updatedAt: string;
  environments: Record<string, EnvironmentConfigView>;
}

/** `GET/PATCH /api/v1/flags/:key/environments/:env` and toggle/kill/restore. */
export type ConfigRecord = EnvironmentConfig & {
  flagKey: string;
  envKey: string;
  updatedAt: string;
  /** The flag's own change count in this environment (1 when created). */
  revision?: number;
  /** On a toggle's, kill's or restore's answer: false when the flag already was in the asked state (nothing written). */
  changed?: boolean;
};

export type SegmentView = Segment & { envKey: string; createdAt: string; updatedAt: string };

/** Query of `GET /api/v1/flags`. `enabled`/`killed` need `environment`. */
export interface FlagListQuery {
  q?: string;
  tag?: string;
  owner?: string;
  type?: FlagType;
  stale?: boolean;
  archived?: boolean;
  environment?: string;
  enabled?: boolean;
  killed?: boolean;
}

export interface CreateFlagBody {
  key: string;
  name?: string;
  description?: string;
  type: FlagType;
  owner: string;
  tags?: string[];
  /** Omitted: defaulted from the type; null: permanent (ops, permission, kill-switch only). */
  expiresAt?: string | null;
  variationType?: VariationType;
  variations?: Variation[];
  offVariation?: number;
  /** The variation served to everyone once the flag is turned on. */
  onVariation?: number;
  clientSide?: boolean;
  reason?: string;
  /** Migration flags only (their variations are the stages and are not sent). */
  migration?: MigrationSettingsInput;
}

export interface MigrationSettingsInput {
  /** Whether the new store needs a backfill before it may serve reads (the server defaults to true). */
  backfillRequired?: boolean;
  gates?: MigrationGatesInput;
  checkRatio?: number;
}

/** The definition fields a PATCH may change. */
export type DefinitionEdit = Partial<Pick<FlagDefinition, 'name' | 'description' | 'owner' | 'tags' | 'expiresAt' | 'variations' | 'offVariation' | 'clientSide'>>;

export type UpdateFlagBody = DefinitionEdit & { baseVersion: number; reason?: string };

/** The config fields a PATCH may change. */
export interface ConfigEdit {
  enabled?: boolean;
  targets?: Target[];
  rules?: Rule[];
  fallthrough?: Serve;
  prerequisites?: EnvironmentConfig['prerequisites'];
}

export type UpdateConfigBody = ConfigEdit & { baseVersion: number; reason?: string };

/** An environment's review policy (`docs/change-requests.md`). */
export interface ReviewPolicy {
  environment: string;
  requireReview: boolean;
  minApprovals: number;
  approverRoles: string[];
}

/** One change of a change request: a plan's change (`op`, `key`, `baseVersion`, the route's fields). */
export type RequestChange = { op: string; key: string; baseVersion?: number } & ConfigEdit & Record<string, unknown>;

/** A change request as the server shows it. */
export interface ChangeRequest {
  id: string;
  environment: string;
  kind: 'change' | 'follow-up';
  state: 'draft' | 'in-review' | 'approved' | 'scheduled' | 'applied' | 'rejected' | 'cancelled' | 'conflicted' | 'apply-failed';
  title: string;
  author: string;
  revision: number;
  contentHash: string;
  changes: RequestChange[];
  followUp: { action: string; flag: string; by: string; reason: string } | null;
  scheduledAt: string | null;
  createdAt: string;
  updatedAt: string;
  outcome: { error?: { code: string; message: string } } | null;
  approvals: { count: number; required: number; approvers: string[] };
  reviews: { reviewer: string; role: string; decision: 'approve' | 'reject'; revision: number; current: boolean; comment: string | null; at: string }[];
  link: string;
}

/** Resources the audit log records changes of. */
export const AUDIT_RESOURCES = ['flag', 'flag-config', 'segment', 'environment', 'key', 'migration', 'release'] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

/** One audit entry; `before`/`after` are the changed object as stored (any JSON). */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  actorKeyId: string | null;
  action: string;
  resource: AuditResource;
  flagKey: string | null;
  envKey: string | null;
  targetKey: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prevHash: string;
  hash: string;
  /** Key metadata left out (before/after null) for readers other than admins. */
  redacted?: true;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` to get the next (older) page; null at the end. */
  nextBefore: number | null;
}

export interface AuditQuery {
  flag?: string;
  environment?: string;
  actor?: string;
  action?: string;
  resource?: AuditResource;
  since?: string;
  until?: string;
  limit?: number;
  before?: number;
}

/** `GET /api/v1/audit/verify`. */
export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** Every break found, oldest entry first (the first 1,000; `breakCount` counts all). */
  breaks: { seq: number; problem: string; message: string }[];
  breakCount: number;
  /** Signed checkpoints: how far they anchor the chain (docs/security.md). */
  checkpoints: { signing: boolean; publicKey: string | null; checked: number; newest: { seq: number; at: string } | null; unanchored: number };
}

/** Delivery of one environment version to the SDKs connected to this server. */
export interface Delivery {
  environment: string;
  version: number;
  total: number;
  applied: number;
  server: { total: number; applied: number };
  client: { total: number; applied: number };
  /** OFREP providers on an event stream (counted in `total` and `applied` too). */
  ofrep?: { total: number; applied: number };
}

/** `POST/PATCH …/segments`: the fields a person edits. */
export interface SegmentEdit {
  name?: string;
  description?: string;
  included?: string[];
  excluded?: string[];
  rules?: SegmentRule[];
}
export type CreateSegmentBody = SegmentEdit & { key: string; reason?: string };
export type UpdateSegmentBody = SegmentEdit & { baseVersion: number; reason?: string };

/** Why a flag is a cleanup candidate (`GET /api/v1/reports/stale`). */
export const STALE_REASONS = ['expired', 'not-evaluated', 'single-variation'] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export interface StaleFlag {
  key: string;
  name: string;
  type: FlagType;
  owner: string;
  createdAt: string;
  expiresAt: string | null;
  reasons: StaleReason[];
  /** Last evaluation any SDK reported, in any environment; null when never. */
  lastEvaluatedAt: string | null;
  /** Environments where everyone got one variation for the whole window. */
  singleVariation: { environment: string; variation: string; since: string }[];
}

/** `GET /api/v1/flags/:key/evaluations`: what SDK summaries reported, per environment and served variant. */
export interface FlagEvaluation {
  environment: string;
  /** null when the caller's default was served. */
  variant: string | null;
  count: number;
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

export interface StaleReport {
  days: number;
  items: StaleFlag[];
}

/** Latency quantiles of one store, in milliseconds (null: nothing measured). */
export interface LatencyFigures {
  p50: number | null;
  p99: number | null;
}

/** What the server measured in the current stage since `since` (the state's evidenceSince). */
export interface MigrationFiguresView {
  now: string;
  since: string;
  comparedReads: number;
  consistentReads: number;
  newInvocations: number;
  newErrors: number;
  oldInvocations: number;
  oldErrors: number;
  consistencyRate?: number | undefined;
  errorRate?: number | undefined;
  latency: { old: LatencyFigures; new: LatencyFigures };
}

/** `GET /api/v1/flags/:key/environments/:env/migration`. */
export interface MigrationView {
  flag: string;
  environment: string;
  stage: MigrationStage;
  state: MigrationState;
  plan: StagePlan;
  gates: MigrationGates;
  checkRatio: number;
  figures: MigrationFiguresView;
  /** Every stage, with whether moving there is allowed now and why not. */
  moves: MoveOption[];
  backfills: BackfillReport[];
}

export interface TransitionBody {
  to: MigrationStage;
  reason: string;
  /** Admins only: make a refused move anyway (audited as forced). */
  force?: boolean;
}

export interface TransitionResult {
  allowed: true;
  forced: boolean;
  state: MigrationState;
}

export interface AttestBody {
  direction: 'forward' | 'reverse';
  jobName: string;
  range: { start: string; end: string };
  reason: string;
}

export type { Refusal };

/** A guarded release plan, as `GET /api/v1/releases/:id` answers (docs/release-plans.md). */
export interface ReleasePlanView {
  id: string;
  flagKey: string;
  envKey: string;
  definition: import('@switchyard/core').ReleasePlanDefinition;
  state: import('@switchyard/core').ReleaseState;
  gateHash: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  judgements?: import('@switchyard/core').GateJudgement[];
}

/** What a trigger's call does (the server's TRIGGER_ACTIONS). */
export type TriggerAction = 'kill' | 'restore' | 'abort-plan' | 'hold-plan';

/** An incident trigger as `GET /triggers` shows it (never its URL or secret). */
export interface TriggerView {
  id: string;
  name: string;
  flagKey: string;
  envKey: string;
  action: TriggerAction;
  urlHint: string;
  signed: boolean;
  createdAt: string;
  createdBy: string;
  rotatedAt: string | null;
  disabledAt: string | null;
  disabledBy: string | null;
}

/** Creating or rotating a trigger: the URL path and signing secret, shown once. */
/** `GET /api/v1/keys`: a key as the API shows it (never the secret or its hash). */
export interface KeyView {
  id: string;
  kind: 'admin' | 'server' | 'client';
  role: Role | null;
  envKey: string | null;
  name: string;
  /** The secret's last characters, to recognise it. */
  hint: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  allowedOrigins?: string[];
}

/** `POST /api/v1/keys`. */
export type CreateKeyBody =
  | { kind: 'admin'; role: Role; name: string; reason?: string }
  | { kind: 'server'; environment: string; name: string; reason?: string }
  | { kind: 'client'; environment: string; name: string; reason?: string; allowedOrigins?: string[] };

export interface TriggerSecrets {
  trigger: TriggerView;
  url: string;
  signingSecret: string | null;
}

export interface CreateTriggerBody {
  name: string;
  flag: string;
  environment: string;
  action: TriggerAction;
  signed: boolean;
}

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  format: 'json' | 'slack';
  environments: string[] | null;
  flags: string[] | null;
  tags: string[] | null;
  actions: string[] | null;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  disabledBy: string | null;
}

export interface CreateWebhookBody {
  name: string;
  url: string;
  format: 'json' | 'slack';
  environments?: string[];
  flags?: string[];
  tags?: string[];
  actions?: string[];
}

/** One line of a webhook's delivery log. */
export interface WebhookDelivery {
  webhookId: string;
  seq: number;
  status: 'pending' | 'delivered';
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: { attempt: number; at: string; status: number | null; error: string | null; durationMs: number; sender: string }[];
}

/** `POST /api/v1/flags/:key/environments/:env/explain`: the trace of one evaluation (format: docs/evaluation.md, Explain). */
export interface ExplainView {
  flag: string;
  environment: string;
  version: number;
  context: Record<string, unknown>;
  trace: EvaluationTrace;
}
