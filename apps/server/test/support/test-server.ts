import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp, type AppOptions } from '../../src/app';
import type { Role } from '../../src/db/records';
import type { CheckpointOptions } from '../../src/features/audit/audit-checkpoints';
import { SYSTEM_ACTOR } from '../../src/features/auth/actor';
import type { EnvironmentBudget } from '../../src/features/environments/environment-size';
import { createServices, type Services } from '../../src/services';
import { openTestDatabase, type TestDatabase } from '../store-contract/support/test-database';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  raw: string;
}

export interface TestServer {
  app: FastifyInstance;
  services: Services;
  /** The server's database (SQLite by default; SWITCHYARD_TEST_DATABASE=postgres for PostgreSQL) and the harness's checks on it. */
  database: TestDatabase;
  tokens: Record<Role, string>;
  /** http://127.0.0.1:PORT when started with `listen: true`. */
  baseUrl: string;
  /**
   * Sends a request. Every non-GET /api request is checked against the audit rule: a 2xx answer wrote
   * exactly one audit entry; any other answer changed nothing in the database at all.
   */
  request(method: string, url: string, opts?: { body?: unknown; token?: string | null; headers?: Record<string, string>; rawBody?: string }): Promise<Reply>;
  /** Shorthands with the admin token. */
  get(url: string, token?: string | null): Promise<Reply>;
  post(url: string, body?: unknown, token?: string | null): Promise<Reply>;
  patch(url: string, body?: unknown, token?: string | null): Promise<Reply>;
  close(): Promise<void>;
}

/** A real server on a fresh database (SQLite file, or PostgreSQL database with SWITCHYARD_TEST_DATABASE=postgres), with an admin token and one token per role. */
export async function startTestServer(opts: { now?: () => Date; stream?: AppOptions['stream']; listen?: boolean; logger?: AppOptions['logger']; trustProxy?: AppOptions['trustProxy']; app?: AppOptions; budget?: EnvironmentBudget; checkpoints?: CheckpointOptions } = {}): Promise<TestServer> {
  const database = await openTestDatabase((err) => {
    throw err;
  });
  const db = database.db;
  const services = createServices({ db, now: opts.now, budget: opts.budget, checkpoints: opts.checkpoints });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const admin = (await services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
  const tokens = { admin } as Record<Role, string>;
  const app = await buildApp(services, { stream: opts.stream, logger: opts.logger, trustProxy: opts.trustProxy, ...opts.app });
  const baseUrl = opts.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : 'http://inject.invalid';

  const request: TestServer['request'] = async (method, url, o = {}) => {
    // Changes made through the admin API are audited; SDK reports (/sdk) are usage data, not changes.
    const mutation = method !== 'GET' && method !== 'HEAD' && url.startsWith('/api/');
    const before = mutation ? { count: await database.auditCount(), print: await database.fingerprint(), printWithoutAudit: await database.fingerprint(AUDIT_TABLES) } : undefined;
    const token = o.token === undefined ? tokens.admin : o.token;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = o.rawBody;
    if (payload === undefined && o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: any = res.body;
    try {
      body = res.body.length > 0 ? JSON.parse(res.body) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    const reply: Reply = { status: res.statusCode, body, headers: res.headers, raw: res.body };
    expect(reply.status, `${method} ${url} answered ${reply.status}: ${res.body}`).toBeLessThan(500);
    if (before) {
      if (reply.status >= 200 && reply.status < 300 && (isReadOnlyPost(url) || body?.changed === false)) {
        // A read sent as a POST (explain), or a repeated toggle, kill or restore (`changed: false`): nothing written, nothing audited.
        expect(await database.fingerprint(), `${method} ${url} changed nothing: the database must be unchanged`).toBe(before.print);
      } else if (reply.status >= 200 && reply.status < 300) {
        // A plan writes one audit entry per change it holds.
        const plan = /^\/api\/v1\/environments\/[^/]+\/apply$/.test(url) ? (o.body as { changes: unknown[] }).changes.length : undefined;
        expect(await database.auditCount(), `${method} ${url} succeeded: exactly ${plan ?? 'one'} audit entr${plan === 1 || plan === undefined ? 'y' : 'ies'}`).toBe(before.count + (plan ?? 1));
      } else if (isAuditedRefusal(url, body)) {
        // The rejections that are recorded: a refused migration move or attestation is audited with its reasons, and changes nothing else.
        expect(await database.auditCount(), `${method} ${url} was refused: exactly one audit entry`).toBe(before.count + 1);
        expect(await database.fingerprint(AUDIT_TABLES), `${method} ${url} was refused: nothing but the audit log changed`).toBe(before.printWithoutAudit);
      } else {
        expect(await database.fingerprint(), `${method} ${url} was rejected (${reply.status}): the database must be unchanged`).toBe(before.print);
      }
    }
    return reply;
  };

  const server: TestServer = {
    app,
    services,
    database,
    tokens,
    baseUrl,
    request,
    get: (url, token) => request('GET', url, { token }),
    post: (url, body, token) => request('POST', url, { body, token }),
    patch: (url, body, token) => request('PATCH', url, { body, token }),
    async close() {
      await app.close();
      await database.dispose();
    },
  };
  for (const role of ['viewer', 'editor', 'responder'] as const) {
    const res = await server.post('/api/v1/keys', { kind: 'admin', role, name: `${role}-token` });
    tokens[role] = res.body.secret;
  }
  return server;
}

/** The audit log's tables: its entries, the checkpoints signed over them and the webhook outbox (written with an entry). */
export const AUDIT_TABLES = ['audit_log', 'audit_checkpoints', 'webhook_deliveries'] as const;

/** POSTs that only read: explain takes its context as a body. */
export function isReadOnlyPost(url: string): boolean {
  return /^\/api\/v1\/flags\/[^/]+\/environments\/[^/]+\/explain(\?|$)/.test(url);
}

/**
 * The refusals that write an audit entry and nothing else (docs/errors.md, MIGRATION_REFUSED): the
 * stage machine refusing a migration move (with its figures) or a backfill attestation.
 */
export function isAuditedRefusal(url: string, body: { code?: unknown } | undefined): boolean {
  return body?.code === 'MIGRATION_REFUSED' && /\/migration\/(transition|attest)(\?|$)/.test(url);
}

/** A minimal valid boolean flag body. */
export function flagBody(key: string, extra: Record<string, unknown> = {}) {
  return { key, type: 'release', owner: 'team-checkout', ...extra };
}
