import type { EnvironmentConfig, FlagDefinition, Segment } from '@switchyard/core';

/** Rows as the services see them, independent of the SQL dialect. */
export interface EnvironmentRecord {
  key: string;
  name: string;
  version: number;
  createdAt: string;
}

export type FlagRecord = FlagDefinition & { updatedAt: string };

export type FlagConfigRecord = EnvironmentConfig & { flagKey: string; envKey: string; updatedAt: string };

export type SegmentRecord = Segment & { envKey: string; createdAt: string; updatedAt: string };

export type KeyKind = 'admin' | 'server' | 'client';
export type Role = 'viewer' | 'editor' | 'responder' | 'admin';

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
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  actorKeyId: string | null;
  action: string;
  resource: string;
  flagKey: string | null;
  envKey: string | null;
  targetKey: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

export interface ChangeRecord {
  envKey: string;
  version: number;
  kind: 'flag' | 'segment';
  key: string;
  op: 'upsert' | 'delete';
  payload: string | null;
  at: string;
}

export interface SessionRecord {
  idHash: string;
  keyId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
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
