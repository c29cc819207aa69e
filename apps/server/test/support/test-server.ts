import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp, type AppOptions } from '../../src/app';
import type { Role } from '../../src/db/records';
import type { CheckpointOptions } from '../../src/features/audit/audit-checkpoints';
import { SYSTEM_ACTOR } from '../../src/features/auth/actor';
import type { EnvironmentBudget } from '../../src/features/environments/environment-size';
import type { PrometheusOptions } from '../../src/features/releases/prometheus-reader';
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
export async function startTestServer(opts: { now?: () => Date; stream?: AppOptions['stream']; listen?: boolean; logger?: AppOptions['logger']; trustProxy?: AppOptions['trustProxy']; app?: AppOptions; budget?: EnvironmentBudget; checkpoints?: CheckpointOptions; prometheus?: PrometheusOptions } = {}): Promise<TestServer> {
  const database = await openTestDatabase((err) => {
    throw err;
  });
  const db = database.db;
  const services = createServices({ db, now: opts.now, budget: opts.budget, checkpoints: opts.checkpoints, prometheus: opts.prometheus });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const admin = (await services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
  const tokens = { admin } as Record<Role, string>;
  // No scheduler timers unless asked for: tests run scheduled change requests with `services.changeRequests.runDue()`
  // and release plans with `app.releaseScheduler.tickAll()` on their own clock (a background tick writing between a
  // request and its database fingerprint would also break the audit checks below).
  const app = await buildApp(services, { stream: opts.stream, logger: opts.logger, trustProxy: opts.trustProxy, schedulerIntervalMs: false, releases: { timer: false }, ...opts.app });
  const baseUrl = opts.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : 'http://inject.invalid';

  const request: TestServer['request'] = async (method, url, o = {}) => {
    // Changes made through the admin API are audited; SDK reports (/sdk) are usage data, not changes.
    const mutation = method !== 'GET' && method !== 'HEAD' && url.startsWith('/api/');
    const before = mutation
      ? await (async () => {
          const count = await database.auditCount();
          const [print, printWithoutAudit, printWithoutRequests] = await database.fingerprints([[], AUDIT_TABLES, REQUEST_TABLES]);
          return { count, print: print!, printWithoutAudit: printWithoutAudit!, printWithoutRequests: printWithoutRequests! };
        })()
      : undefined;
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
        const expected = expectedAuditEntries(url, o.body, body);
        const count = await database.auditCount();
        // A release plan's command writes its transition and, with it, the flag change it carries (a stage's exposure, a kill), each audited.
        if (/^\/api\/v1\/(flags\/[^/]+\/environments\/[^/]+\/)?releases(\/|$|\?)/.test(url)) expect(count, `${method} ${url} succeeded: audited`).toBeGreaterThan(before.count);
        else if (expected === 'restore') {
          // A restore where review is required also opens a follow-up review, audited with it.
          const extra = count - before.count - 1;
          expect(extra === 0 || (extra === 1 && (await database.exec("select action from audit_log order by seq desc limit 1"))[0]?.action === 'change-request.follow-up'), `${method} ${url}: one audit entry (two with a follow-up review)`).toBe(true);
        } else expect(count, `${method} ${url} succeeded: exactly ${expected} audit entr${expected === 1 ? 'y' : 'ies'}`).toBe(before.count + expected);
      } else if (isRecordedApplyFailure(url, body)) {
        // A change request that could not be applied: marked conflicted or apply-failed, audited, nothing else changed.
        expect(await database.auditCount(), `${method} ${url} failed to apply: exactly one audit entry`).toBe(before.count + 1);
        expect(await database.fingerprint(REQUEST_TABLES), `${method} ${url} failed to apply: nothing but the request and the audit log changed`).toBe(before.printWithoutRequests);
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
/** The audit log and the change requests' rows. */
const REQUEST_TABLES = [...AUDIT_TABLES, 'change_requests'] as const;

/**
 * Audit entries a successful mutation writes: one, but a plan (one per change), a break-glass apply
 * (its own, then one per change), a change request's apply (one per change, then its own) and a
 * restore (one, two when it opens a follow-up review).
 */
function expectedAuditEntries(url: string, sent: unknown, answer: any): number | 'restore' {
  if (/^\/api\/v1\/environments\/[^/]+\/(apply|break-glass)$/.test(url)) return (sent as { changes: unknown[] }).changes.length + (url.endsWith('/break-glass') ? 1 : 0);
  if (/^\/api\/v1\/change-requests\/[^/]+\/apply$/.test(url)) return (answer.outcome?.changes as number) + 1;
  if (/\/restore$/.test(url)) return 'restore';
  return 1;
}

/** A change request's apply that failed and was recorded as such (conflicted, apply-failed). */
function isRecordedApplyFailure(url: string, body: { code?: unknown } | undefined): boolean {
  return (body?.code === 'CHANGE_REQUEST_CONFLICTED' || body?.code === 'CHANGE_REQUEST_APPLY_FAILED') && /^\/api\/v1\/change-requests\/[^/]+\/apply$/.test(url);
}

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
