import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Every route × every credential, against the table below. `need` is what the route requires:
 * a role permission (read, edit, kill, admin), a server SDK key (sdk), nothing (public), the session
 * cookie itself (cookie: no bearer credential opens it), or — for sign-in — only the token in the body.
 */
type Need = 'public' | 'read' | 'edit' | 'kill' | 'admin' | 'sdk' | 'cookie' | 'bad-sign-in';
const F = '/api/v1/flags/matrix';
const C = `${F}/environments/production`;
const ROUTES: [method: string, url: string, need: Need, body?: unknown][] = [
  ['GET', '/api/v1/flags', 'read'],
  ['POST', '/api/v1/flags', 'edit', flagBody('created-in-matrix')],
  ['GET', F, 'read'],
  ['PATCH', F, 'edit', { baseVersion: 999, description: 'x' }],
  ['POST', `${F}/archive`, 'edit', {}],
  ['POST', `${F}/unarchive`, 'edit', {}],
  ['GET', C, 'read'],
  ['PATCH', C, 'edit', { baseVersion: 999, rules: [] }],
  ['POST', `${C}/toggle`, 'edit', { enabled: true, baseVersion: 999 }],
  ['POST', `${C}/kill`, 'kill', { reason: 'matrix' }],
  ['POST', `${C}/restore`, 'kill', { reason: 'matrix' }],
  ['POST', `${C}/releases`, 'edit', { fromVariation: 0, toVariation: 1, owner: 'team', start: false }],
  ['GET', `${C}/releases`, 'read'],
  ['GET', '/api/v1/releases', 'read'],
  ['GET', '/api/v1/releases/rp_none', 'read'],
  ['POST', '/api/v1/releases/rp_none/pause', 'edit', {}],
  ['POST', '/api/v1/releases/rp_none/abort', 'kill', {}],
  ['PUT', '/api/v1/releases/rp_none/gates', 'edit', { gates: [{ name: 'g', owner: 'o', signal: 'error-rate', comparison: 'value-at-most', threshold: 0.1, windowMs: 60000, onFail: 'hold' }], reason: 'tighter' }],
  ['GET', `${F}/audit`, 'read'],
  ['GET', `${F}/evaluations`, 'read'],
  ['GET', `${F}/evaluations/daily`, 'read'],
  ['POST', `${C}/explain`, 'read', { context: { key: 'user-1' } }],
  ['GET', '/api/v1/environments', 'read'],
  ['POST', '/api/v1/environments', 'admin', { key: 'matrix-env', name: 'Matrix' }],
  ['GET', '/api/v1/environments/production', 'read'],
  ['GET', '/api/v1/environments/production/delivery?version=1', 'read'],
  ['GET', '/api/v1/environments/production/segments', 'read'],
  ['POST', '/api/v1/environments/production/segments', 'edit', { key: 'matrix-seg' }],
  ['GET', '/api/v1/environments/production/segments/ring', 'read'],
  ['PATCH', '/api/v1/environments/production/segments/ring', 'edit', { baseVersion: 999, name: 'x' }],
  ['DELETE', '/api/v1/environments/production/segments/ring', 'edit'],
  ['POST', '/api/v1/environments/production/apply', 'edit', { changes: [{ op: 'flag.disable', key: 'matrix', baseVersion: 999 }] }],
  ['GET', '/api/v1/environments/production/review-policy', 'read'],
  ['PUT', '/api/v1/environments/nowhere/review-policy', 'admin', { requireReview: true }],
  ['POST', '/api/v1/environments/nowhere/break-glass', 'admin', { changes: [{ op: 'flag.disable', key: 'matrix', baseVersion: 999 }], reason: 'matrix' }],
  ['GET', '/api/v1/change-requests', 'read'],
  ['POST', '/api/v1/environments/production/change-requests', 'edit', { title: 'matrix', changes: [{ op: 'flag.disable', key: 'matrix', baseVersion: 999 }] }],
  ['GET', '/api/v1/change-requests/cr_doesnotexist', 'read'],
  ['PATCH', '/api/v1/change-requests/cr_doesnotexist', 'edit', { title: 'x' }],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/submit', 'edit', {}],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/approve', 'read', { contentHash: '0'.repeat(64) }],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/reject', 'read', { contentHash: '0'.repeat(64) }],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/apply', 'edit', {}],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/schedule', 'edit', { at: '2099-01-01T00:00:00Z' }],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/unschedule', 'edit', {}],
  ['POST', '/api/v1/change-requests/cr_doesnotexist/cancel', 'edit', {}],
  ['GET', '/api/v1/keys', 'admin'],
  ['POST', '/api/v1/keys', 'admin', { kind: 'admin', role: 'viewer', name: 'matrix' }],
  ['POST', '/api/v1/keys/key_doesnotexist/revoke', 'admin', { reason: 'matrix' }],
  ['GET', '/api/v1/triggers', 'admin'],
  ['POST', '/api/v1/triggers', 'admin', { name: 'matrix', flag: 'matrix', environment: 'production', action: 'kill' }],
  ['POST', '/api/v1/triggers/trg_doesnotexist/rotate', 'admin', { reason: 'matrix' }],
  ['POST', '/api/v1/triggers/trg_doesnotexist/disable', 'admin', { reason: 'matrix' }],
  ['GET', '/api/v1/webhooks', 'admin'],
  ['POST', '/api/v1/webhooks', 'admin', { name: 'matrix', url: 'http://127.0.0.1:9/hook' }],
  ['POST', '/api/v1/webhooks/whk_doesnotexist/disable', 'admin', { reason: 'matrix' }],
  ['GET', '/api/v1/webhooks/whk_doesnotexist/deliveries', 'admin'],
  ['POST', '/api/v1/webhooks/whk_doesnotexist/replay', 'admin', { fromSeq: 1, reason: 'matrix' }],
  ['GET', '/api/v1/audit', 'read'],
  ['GET', '/api/v1/audit/export', 'read'],
  ['GET', '/api/v1/audit/verify', 'read'],
  ['GET', '/api/v1/session', 'cookie'],
  ['DELETE', '/api/v1/session', 'cookie'],
  ['POST', '/api/v1/session', 'bad-sign-in', { token: 'sya_notarealtoken' }],
  ['POST', '/api/v1/session', 'public', { token: 'ADMIN_TOKEN' }],
  ['GET', '/api/v1/openapi.json', 'public'],
  ['GET', '/api/v1/reference', 'public'],
  ['GET', '/api/v1/reference/', 'public'],
  ['GET', '/api/v1/reference/json', 'public'],
  ['GET', '/api/v1/reference/yaml', 'public'],
  ['GET', '/api/v1/reference/initOAuth', 'public'],
  ['GET', '/api/v1/reference/uiConfig', 'public'],
  ['GET', '/api/v1/reference/static/index.css', 'public'],
  ['GET', '/api/v1/reference/static/index.html', 'public'],
  ['GET', '/api/v1/reference/static/swagger-initializer.js', 'public'],
  ['GET', '/api/v1/flags/mig/environments/production/migration', 'read'],
  ['POST', '/api/v1/flags/mig/environments/production/migration/transition', 'edit', { to: 'complete', reason: 'matrix' }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/backfills', 'edit', { jobName: 'j', codeVersion: 'v', cursorStart: '0', cursorEnd: '1', status: 'running', attemptCount: 1, rowsScanned: 0, rowsChanged: 0 }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/attest', 'edit', { direction: 'forward', jobName: 'j', range: { start: '0', end: '9' }, reason: 'matrix' }],
  ['GET', '/api/v1/reports/stale', 'read'],
  ['GET', '/api/v1/reports/stale?format=csv', 'read'],
  ['GET', '/sdk/v1/flags', 'sdk'],
  ['POST', '/sdk/v1/migration-measurements', 'sdk', { measurements: [] }],
];

/** Long-lived streams: their credentials are tested in streaming.test.ts and reports-and-events.test.ts. */
const STREAMS = ['/sdk/v1/stream', '/api/v1/events'];

type Cred = 'none' | 'malformed' | 'viewer' | 'editor' | 'responder' | 'admin' | 'server' | 'client' | 'revoked' | 'otherEnvServer';
const CREDS: Cred[] = ['none', 'malformed', 'viewer', 'editor', 'responder', 'admin', 'server', 'client', 'revoked', 'otherEnvServer'];

/** The expected answer class, written out: 'ok' = neither 401 nor 403 (the route ran), else the status. */
const EXPECT: Record<Need, Record<Cred, 'ok' | 401 | 403>> = {
  public: { none: 'ok', malformed: 'ok', viewer: 'ok', editor: 'ok', responder: 'ok', admin: 'ok', server: 'ok', client: 'ok', revoked: 'ok', otherEnvServer: 'ok' },
  read: { none: 401, malformed: 401, viewer: 'ok', editor: 'ok', responder: 'ok', admin: 'ok', server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  edit: { none: 401, malformed: 401, viewer: 403, editor: 'ok', responder: 403, admin: 'ok', server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  kill: { none: 401, malformed: 401, viewer: 403, editor: 'ok', responder: 'ok', admin: 'ok', server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  admin: { none: 401, malformed: 401, viewer: 403, editor: 403, responder: 403, admin: 'ok', server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  cookie: { none: 401, malformed: 401, viewer: 401, editor: 401, responder: 401, admin: 401, server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  'bad-sign-in': { none: 401, malformed: 401, viewer: 401, editor: 401, responder: 401, admin: 401, server: 401, client: 401, revoked: 401, otherEnvServer: 401 },
  sdk: { none: 401, malformed: 401, viewer: 401, editor: 401, responder: 401, admin: 401, server: 'ok', client: 401, revoked: 401, otherEnvServer: 'ok' },
};

let s: TestServer;
const secrets = {} as Record<Cred, string | null>;
beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/flags', flagBody('matrix'));
  await s.post('/api/v1/flags', { key: 'mig', type: 'migration', owner: 'x' });
  await s.post('/api/v1/environments/production/segments', { key: 'ring' });
  const key = async (body: object) => (await s.post('/api/v1/keys', body)).body;
  secrets.server = (await key({ kind: 'server', environment: 'production', name: 's' })).secret;
  secrets.client = (await key({ kind: 'client', environment: 'production', name: 'c' })).secret;
  secrets.otherEnvServer = (await key({ kind: 'server', environment: 'staging', name: 'o' })).secret;
  const revoked = await key({ kind: 'admin', role: 'admin', name: 'gone' });
  await s.post(`/api/v1/keys/${revoked.key.id}/revoke`, { reason: 'matrix' });
  secrets.revoked = revoked.secret;
  secrets.none = null;
  secrets.malformed = 'Basic dXNlcjpwYXNz';
  for (const role of ['viewer', 'editor', 'responder', 'admin'] as const) secrets[role] = s.tokens[role];
});
afterAll(() => s.close());

describe('authorization matrix', () => {
  it('has a row for every route the server registers under /api and /sdk', () => {
    // Rebuild full patterns from Fastify's route tree ("│   └── /:key (GET, HEAD, PATCH)").
    const stack: string[] = [];
    const registered: string[] = [];
    for (const line of s.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
      if (!m) continue;
      const depth = m[1]!.length / 4;
      stack.length = depth;
      stack.push(m[2]!);
      const path = stack.join('');
      for (const method of m[3]!.split(', ')) if (method !== 'HEAD' && /^\/(api|sdk)\//.test(path) && !STREAMS.includes(path)) registered.push(`${method} ${path}`);
    }
    const covers = (pattern: string) => {
      const [method, path] = pattern.split(' ');
      const re = new RegExp(`^${path!.replace(/:[a-z]+/g, '[^/]+')}$`);
      return ROUTES.some(([m, u]) => m === method && re.test(u.split('?')[0]!));
    };
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.filter((r) => !covers(r))).toEqual([]);
  });

  for (const [method, url, need, body] of ROUTES) {
    it(`${method} ${url} (${need})`, async () => {
      const unexpected: string[] = [];
      for (const cred of CREDS) {
        const secret = secrets[cred];
        const headers: Record<string, string> = {};
        if (cred === 'malformed') headers.authorization = secret!;
        const sent = body && (body as { token?: string }).token === 'ADMIN_TOKEN' ? { token: s.tokens.viewer } : body;
        const res = await s.request(method, url, { body: sent, token: cred === 'malformed' ? null : secret, headers });
        const expected = EXPECT[need][cred];
        const got = res.status === 401 || res.status === 403 ? res.status : 'ok';
        if (got !== expected) unexpected.push(`${cred}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`);
        if (cred === 'otherEnvServer' && url === '/sdk/v1/flags' && res.status === 200) expect(res.body.environment).toBe('staging');
      }
      expect(unexpected).toEqual([]);
    });
  }
});
