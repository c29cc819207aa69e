import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_FILE: z.string().min(1).default('./data/switchyard.db'),
  /** PostgreSQL instead of the SQLite file: several replicas may share it. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** PostgreSQL: prepare the write path's statements by name, once per session; `off` behind a pooler that does not keep them. */
  DATABASE_NAMED_STATEMENTS: z.enum(['on', 'off'], 'must be on or off').default('on'),
  /** When set, this admin token exists (created on first start); otherwise one is generated and printed once. */
  SWITCHYARD_ADMIN_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{16,200}$/, 'must be 16-200 characters of A-Z a-z 0-9 _ -').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Redis for fanning changes out to the other replicas (redis://host:port). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Replicas without Redis (or while it is down) read missed changes from the database this often. */
  CATCH_UP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Several replicas share one database: catch up from it even without Redis. */
  REPLICAS: z.enum(['single', 'many']).default('single'),
  STREAM_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(300_000).default(15_000),
  /**
   * The Ed25519 key (PKCS#8 PEM) that signs audit checkpoints, kept out of the database. Default with
   * SQLite: audit-signing-key.pem beside the database file, generated on first start. With
   * PostgreSQL there is no default (every replica needs the same key): unset, no checkpoints.
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Public keys of retired signing keys whose checkpoints still verify: `ed25519:…`, comma-separated. */
  AUDIT_TRUSTED_KEYS: z
    .string()
    .regex(/^\s*(ed25519:[A-Za-z0-9_-]{43}\s*(,\s*ed25519:[A-Za-z0-9_-]{43}\s*)*)?$/, 'must be ed25519:<43 base64url characters>, comma-separated')
    .optional(),
  /** A checkpoint on every Nth audit entry. */
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** An audit entry no checkpoint covers gets one at most this long after it is written. */
  AUDIT_CHECKPOINT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
});

export type Config = z.infer<typeof envSchema>;

/** Reads configuration from the environment; exits with a clear message naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
