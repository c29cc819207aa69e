import type { AuditEntryRecord, EnvironmentConfig, FlagDefinition, GateJudgement, MigrationStage, ReleasePlanDefinition, ReleaseState, Segment } from '@switchyard/core';

// What the REST API answers, as far as the CLI reads it (README.md, "API at a glance").

/** `revision`: the flag's own change count in the environment (for people); `version`: the environment's (for SDKs). */
export type ConfigView = EnvironmentConfig & { flagKey?: string; envKey?: string; updatedAt?: string; revision?: number };
/** A toggle's, kill's or restore's answer: `changed: false` when the flag already was in the asked state (nothing written). */
export type ConfigOutcome = ConfigView & { changed: boolean };

export interface FlagView extends FlagDefinition {
  updatedAt: string;
  environments: Record<string, ConfigView>;
}

export type SegmentView = Segment & { envKey?: string; createdAt?: string; updatedAt?: string };

export interface EnvironmentView {
  key: string;
  name: string;
  [field: string]: unknown;
}

/** An audit entry as the API shows it: core's stored record with `before`/`after` parsed (null where redacted). */
export interface AuditEntry extends Omit<AuditEntryRecord, 'before' | 'after'> {
  before: unknown;
  after: unknown;
  redacted?: true;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

/** `GET /api/v1/audit/verify`: every break found (the first 1,000; `breakCount` counts all) and how far checkpoints anchor the chain. */
export interface VerifyResult {
  ok: boolean;
  entries: number;
  breaks: { seq: number; problem: string; message: string }[];
  breakCount: number;
  checkpoints: { signing: boolean; publicKey: string | null; checked: number; newest: { seq: number; at: string } | null; unanchored: number };
}

export interface KeyView {
  id: string;
  kind: 'admin' | 'server' | 'client';
  role: string | null;
  envKey: string | null;
  name: string;
  hint: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface MoveOption {
  to: MigrationStage;
  allowed: boolean;
  reasons: { rule: string; message: string }[];
}

export interface MigrationView {
  flag: string;
  environment: string;
  stage: MigrationStage;
  plan: { reads: string[]; returned: string; compare: boolean; writes: string[] };
  gates: Record<string, unknown>;
  checkRatio: number;
  figures: Record<string, unknown>;
  moves: MoveOption[];
  backfills: unknown[];
  state: unknown;
}

/** `GET /api/v1/releases/:id` (docs/release-plans.md). */
export interface ReleasePlanView {
  id: string;
  flagKey: string;
  envKey: string;
  definition: ReleasePlanDefinition;
  state: ReleaseState;
  gateHash: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  judgements?: GateJudgement[];
}

export interface TriggerView {
  id: string;
  name: string;
  flagKey: string;
  envKey: string;
  action: 'kill' | 'restore' | 'abort-plan' | 'hold-plan';
  urlHint: string;
  signed: boolean;
  createdAt: string;
  createdBy: string;
  rotatedAt: string | null;
  disabledAt: string | null;
  disabledBy: string | null;
}

/** What creating or rotating a trigger answers, once. */
export interface TriggerSecrets {
  trigger: TriggerView;
  url: string;
  signingSecret: string | null;
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

export interface WebhookDelivery {
  seq: number;
  status: 'pending' | 'delivered';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}
