import type {
  ApiKeyRecord,
  AuditRecord,
  BackfillBatchRecord,
  ChangeRecord,
  EnvironmentRecord,
  FlagConfigRecord,
  FlagRecord,
  MigrationMeasurementRecord,
  SegmentRecord,
  SessionRecord,
} from '../../../src/db/records';

/** Row builders for the store contract: valid records with every column exercised, overridable. */

export const T0 = '2026-03-01T10:00:00.000Z';
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const environment = (key: string, o: Partial<EnvironmentRecord> = {}): EnvironmentRecord => ({
  key,
  name: key.toUpperCase(),
  version: 0,
  createdAt: T0,
  sizeBytes: 0,
  flagCount: 0,
  segmentCount: 0,
  sizedVersion: o.version ?? 0,
  ...o,
});

export const flag = (key: string, o: Partial<FlagRecord> = {}): FlagRecord => ({
  key,
  name: key,
  description: '',
  type: 'release',
  owner: 'team-a',
  tags: [],
  createdAt: T0,
  expiresAt: at(60 * 24 * 30),
  variationType: 'boolean',
  variations: [
    { name: 'on', value: true },
    { name: 'off', value: false },
  ],
  offVariation: 1,
  clientSide: false,
  archivedAt: null,
  version: 1,
  updatedAt: T0,
  ...o,
});

/** A JSON variation whose object keys are deliberately not in sorted order (stores must keep the text's order). */
export const jsonFlag = (key: string): FlagRecord =>
  flag(key, {
    variationType: 'json',
    variations: [
      { name: 'b-first', value: { zeta: 1, alpha: [true, null, 'x'], mid: { y: 2, b: 1.5 } }, description: 'keys out of order' },
      { name: 'plain', value: { a: 1 } },
    ],
    offVariation: 0,
  });

export const config = (flagKey: string, envKey: string, o: Partial<FlagConfigRecord> = {}): FlagConfigRecord => ({
  flagKey,
  envKey,
  enabled: true,
  killed: null,
  targets: [{ variation: 0, values: ['user-1', 'user-2'] }],
  rules: [
    { id: 'r1', clauses: [{ attribute: 'country', op: 'in', values: ['NL', 'DE'], negate: false }], serve: { variation: 0 } },
    { clauses: [{ op: 'semverGt', attribute: 'appVersion', values: ['2.0.0'] }], serve: { rollout: { variations: [{ variation: 0, weight: 30_000 }, { variation: 1, weight: 70_000 }], bucketBy: 'key' } } },
  ],
  fallthrough: { variation: 1 },
  prerequisites: [],
  version: 1,
  revision: 1,
  updatedAt: T0,
  ...o,
});

export const segment = (envKey: string, key: string, o: Partial<SegmentRecord> = {}): SegmentRecord => ({
  envKey,
  key,
  name: key,
  description: 'a ring',
  included: ['u1', 'u2'],
  excluded: ['u3'],
  rules: [{ id: 's1', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }],
  version: 1,
  createdAt: T0,
  updatedAt: T0,
  ...o,
});

export const apiKey = (id: string, o: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  kind: 'admin',
  role: 'editor',
  envKey: null,
  name: `key ${id}`,
  hash: `hash-${id}`,
  hint: 'sy_ab',
  createdAt: T0,
  createdBy: 'system',
  revokedAt: null,
  revokedBy: null,
  allowedOrigins: null,
  ...o,
});

export const auditEntry = (seq: number, o: Partial<AuditRecord> = {}): AuditRecord => ({
  seq,
  at: at(seq),
  actor: 'alice',
  actorKeyId: 'k1',
  action: 'flag.update',
  resource: 'flag',
  flagKey: 'f1',
  envKey: null,
  targetKey: null,
  // Exact text: spacing and key order must come back byte for byte (it is what was hashed).
  before: '{"b":1, "a":[1,2]}',
  after: '{ "a" : 2 }',
  reason: null,
  prevHash: `prev-${seq}`,
  hash: `hash-${seq}`,
  ...o,
});

export const change = (envKey: string, version: number, o: Partial<ChangeRecord> = {}): ChangeRecord => ({
  envKey,
  version,
  kind: 'flag',
  key: `f${version}`,
  op: 'upsert',
  payload: `{"v":${version}}`,
  at: at(version),
  ...o,
});

export const session = (idHash: string, expiresAt: string): SessionRecord => ({ idHash, keyId: 'k1', csrfToken: `csrf-${idHash}`, createdAt: T0, expiresAt });

export const batch = (jobName: string, cursorStart: string, cursorEnd: string, o: Partial<BackfillBatchRecord> = {}): BackfillBatchRecord => ({
  flagKey: 'm1',
  envKey: 'production',
  jobName,
  cursorStart,
  cursorEnd,
  report: JSON.stringify({ jobName, cursorStart, cursorEnd, status: 'succeeded' }),
  updatedAt: T0,
  ...o,
});

export const measurement = (minute: string, o: Partial<MigrationMeasurementRecord> = {}): MigrationMeasurementRecord => ({
  flagKey: 'm1',
  envKey: 'production',
  stage: 'shadow',
  minute,
  oldInvocations: 10,
  oldErrors: 1,
  newInvocations: 8,
  newErrors: 0,
  compared: 7,
  consistent: 6,
  oldLatency: [1, 2, 3],
  newLatency: [0, 4],
  ...o,
});
