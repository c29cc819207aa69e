import { z } from 'zod';
import { DEFAULT_EVENT_STREAM_LIMITS as EVENTS } from './infra/events/event-streams';
import { DEFAULT_TRIGGER_CALL_OPTIONS as TRIGGERS } from './features/triggers/trigger-call-routes';
import { DEFAULT_DELIVERY_OPTIONS as DELIVERY } from './features/webhooks/delivery-worker';
import { DEFAULT_HTTP_LIMITS as HTTP } from './http/http-server';
import { DEFAULT_RATE_LIMITS as RATES } from './http/rate-limits';
import { trustProxySchema } from './http/trust-proxy';
import { DEFAULT_ENVIRONMENT_BUDGET, MAX_BUDGET_BYTES } from './features/environments/environment-size';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_FILE: z.string().min(1).default('./data/switchyard.db'),
  /** SQLite: `full` syncs every commit to disk before acknowledging it; `normal` may lose the last commits on power loss. */
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal'], 'must be full or normal').default('full'),
  /** PostgreSQL instead of the SQLite file: several replicas may share it. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** PostgreSQL: prepare the write path's statements by name, once per session; `off` behind a pooler that does not keep them. */
  DATABASE_NAMED_STATEMENTS: z.enum(['on', 'off'], 'must be on or off').default('on'),
  /** When set, this admin token exists (created on first start); otherwise one is generated and printed once. */
  SWITCHYARD_ADMIN_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{16,200}$/, 'must be 16-200 characters of A-Z a-z 0-9 _ -').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Redis for fanning changes out to the other replicas (redis://host:port). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Prometheus's base URL (http://host:9090): release gates with signal `prometheus` read their PromQL query there. Unset: such gates are refused. */
  PROMETHEUS_URL: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL').optional(),
  /** How long one gate query may take before the gate counts as inconclusive (the plan holds). */
  PROMETHEUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Replicas without Redis (or while it is down) read missed changes from the database this often. */
  CATCH_UP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Several replicas share one database: catch up from it even without Redis. */
  REPLICAS: z.enum(['single', 'many']).default('single'),
  STREAM_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** Browser stream limits (docs/protocol.md, Limits): per client key, per source address (IPv6: per /64), contexts per source per minute. */
  STREAM_MAX_CONNECTIONS_PER_CLIENT_KEY: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  STREAM_MAX_CONNECTIONS_PER_SOURCE: z.coerce.number().int().min(1).max(10_000_000).default(500),
  STREAM_CONTEXTS_PER_SOURCE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).default(1_200),
  /** Whose X-Forwarded-For to believe (http/trust-proxy.ts). */
  TRUST_PROXY: trustProxySchema,
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(300_000).default(15_000),
  /** Browser origins allowed to call /ofrep/* (OpenFeature web providers on other origins): `*`, or exact origins, comma-separated. Default none. */
  OFREP_CORS_ORIGINS: z
    .string()
    .regex(/^\s*(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)?\s*$/, 'must be * or origins like https://app.example.com, comma-separated')
    .default('')
    .transform((v): readonly string[] | '*' => (v.trim() === '*' ? '*' : v.split(',').map((o) => o.trim()).filter((o) => o !== ''))),
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
  /** Failed admin sign-ins per source address per minute (0: no limit). */
  SIGN_IN_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(RATES.signInFailuresPerMinute),
  /** Admin API writes per admin token per minute, kills excepted (0: no limit). */
  WRITES_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(RATES.writesPerMinute),
  /** Calls per trigger per minute, per replica (0: no limit). */
  TRIGGER_CALLS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(TRIGGERS.callsPerMinute),
  /** Whether this process delivers webhooks (`off` on replicas that should not send). */
  WEBHOOK_DELIVERY: z.enum(['on', 'off'], 'must be on or off').default('on'),
  /** How often pending webhook deliveries (and retries come due) are looked for. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(DELIVERY.pollMs),
  /** How long a replica holds a subscription it delivers for (a crashed replica's subscriptions wait this long). */
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(DELIVERY.leaseMs),
  /** A receiver must answer within this. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DELIVERY.timeoutMs),
  /** First retry delay after a failed delivery, doubled per attempt up to WEBHOOK_MAX_BACKOFF_MS. */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(DELIVERY.backoffMs),
  WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(10).max(86_400_000).default(DELIVERY.maxBackoffMs),
  /** Admin event streams (`/api/v1/events`) one admin token may hold open, its sessions included. */
  EVENT_STREAMS_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(EVENTS.perToken),
  /** Admin event streams one server process holds open. */
  EVENT_STREAMS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(EVENTS.total),
  /** A request's headers must arrive within this from its first byte, or from the connection's opening (slow-header and silent clients get 408 and are closed). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(HTTP.headersTimeoutMs),
  /** A request's headers and body must arrive within this (slow-body clients get 408 and are closed). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(HTTP.requestTimeoutMs),
  /** Open TCP connections (HTTP, SDK streams, event streams) past which new ones are refused. */
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(HTTP.maxConnections),
  /** Bytes of flags and segments one environment may hold (what SDKs load in one snapshot); at most what fits a frame. */
  ENVIRONMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024, 'must be at least 65536')
    .max(MAX_BUDGET_BYTES, `must be at most ${MAX_BUDGET_BYTES} (an SDK's 16 MiB frame, less a snapshot's envelope)`)
    .default(DEFAULT_ENVIRONMENT_BUDGET.bytes),
});

export type Config = z.infer<typeof envSchema>;

/** An IP address, a CIDR range, or one of proxy-addr's names for the private ranges. */
/** Reads configuration from the environment; exits with a clear message naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema
    .refine((c) => c.HTTP_HEADERS_TIMEOUT_MS <= c.HTTP_REQUEST_TIMEOUT_MS, {
      path: ['HTTP_HEADERS_TIMEOUT_MS'],
      message: 'must not be longer than HTTP_REQUEST_TIMEOUT_MS',
    })
    .refine((c) => c.WEBHOOK_TIMEOUT_MS < c.WEBHOOK_LEASE_MS, { path: ['WEBHOOK_TIMEOUT_MS'], message: 'must be shorter than WEBHOOK_LEASE_MS' })
    .safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
