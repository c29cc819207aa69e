import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildApp, type AppOptions } from '../../src/app';
import type { Role } from '../../src/db/records';
import { createSqliteDatabase } from '../../src/db/sqlite/sqlite-database';
import { SYSTEM_ACTOR } from '../../src/features/auth/actor';
import { createServices, type Services } from '../../src/services';
import { auditCount, dbFingerprint } from './db-fingerprint';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  raw: string;
}

export interface TestServer {
  app: FastifyInstance;
  services: Services;
  file: string;
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

/** A real server on a fresh SQLite file, with an admin token and one token per role. */
export async function startTestServer(opts: { now?: () => Date; stream?: AppOptions['stream']; listen?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const file = join(dir, 'switchyard.db');
  const db = createSqliteDatabase(file, (err) => {
    throw err;
  });
  const services = createServices({ db, now: opts.now });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const admin = (await services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
  const tokens = { admin } as Record<Role, string>;
  const app = await buildApp(services, { stream: opts.stream });
  const baseUrl = opts.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : 'http://inject.invalid';

  const request: TestServer['request'] = async (method, url, o = {}) => {
    // Changes made through the admin API are audited; SDK reports (/sdk) are usage data, not changes.
    const mutation = method !== 'GET' && method !== 'HEAD' && url.startsWith('/api/');
    const before = mutation ? { count: auditCount(file), print: dbFingerprint(file), printWithoutAudit: dbFingerprint(file, ['audit_log']) } : undefined;
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
      if (reply.status >= 200 && reply.status < 300) {
        expect(auditCount(file), `${method} ${url} succeeded: exactly one audit entry`).toBe(before.count + 1);
      } else if (body?.code === 'MIGRATION_REFUSED' && url.endsWith('/migration/transition')) {
        // The one rejection that is recorded: a refused migration move is audited with its figures, and changes nothing else.
        expect(auditCount(file), `${method} ${url} was refused: exactly one audit entry`).toBe(before.count + 1);
        expect(dbFingerprint(file, ['audit_log']), `${method} ${url} was refused: nothing but the audit log changed`).toBe(before.printWithoutAudit);
      } else {
        expect(dbFingerprint(file), `${method} ${url} was rejected (${reply.status}): the database must be unchanged`).toBe(before.print);
      }
    }
    return reply;
  };

  const server: TestServer = {
    app,
    services,
    file,
    tokens,
    baseUrl,
    request,
    get: (url, token) => request('GET', url, { token }),
    post: (url, body, token) => request('POST', url, { body, token }),
    patch: (url, body, token) => request('PATCH', url, { body, token }),
    async close() {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const role of ['viewer', 'editor', 'responder'] as const) {
    const res = await server.post('/api/v1/keys', { kind: 'admin', role, name: `${role}-token` });
    tokens[role] = res.body.secret;
  }
  return server;
}

/** A minimal valid boolean flag body. */
export function flagBody(key: string, extra: Record<string, unknown> = {}) {
  return { key, type: 'release', owner: 'team-checkout', ...extra };
}
