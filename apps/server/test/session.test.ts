import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function signIn(token: string) {
  const res = await s.request('POST', '/api/v1/session', { body: { token }, token: null });
  const cookie = String(res.headers['set-cookie'] ?? '');
  return { res, cookie, pair: cookie.split(';')[0]! };
}

describe('admin UI sessions', () => {
  it('signs in with an admin token into an httpOnly, SameSite=Strict cookie', async () => {
    const { res, cookie } = await signIn(s.tokens.editor);
    expect(res.status).toBe(200);
    expect(res.body.actor).toEqual({ name: 'editor-token', role: 'editor' });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(cookie).toMatch(/^sy_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    expect(cookie).not.toContain(s.tokens.editor);
  });

  it('refuses a wrong token without setting a cookie', async () => {
    const { res, cookie } = await signIn('sya_wrongwrongwrongwrong');
    expect(res.status).toBe(401);
    expect(cookie).toBe('');
  });

  it('lets the cookie read, and mutate only with the CSRF header', async () => {
    const { res, pair } = await signIn(s.tokens.editor);
    const csrf = res.body.csrfToken as string;
    const me = await s.request('GET', '/api/v1/session', { token: null, headers: { cookie: pair } });
    expect(me.body).toEqual({ actor: { name: 'editor-token', role: 'editor' }, csrfToken: csrf });
    const noCsrf = await s.request('POST', '/api/v1/flags', { token: null, headers: { cookie: pair }, body: flagBody('via-cookie') });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.details.reason).toBe('csrf');
    const wrongCsrf = await s.request('POST', '/api/v1/flags', { token: null, headers: { cookie: pair, 'x-csrf-token': 'nope' }, body: flagBody('via-cookie') });
    expect(wrongCsrf.status).toBe(403);
    const ok = await s.request('POST', '/api/v1/flags', { token: null, headers: { cookie: pair, 'x-csrf-token': csrf }, body: flagBody('via-cookie') });
    expect(ok.status).toBe(201);
    const audit = await s.get('/api/v1/flags/via-cookie/audit');
    expect(audit.body.items[0].actor).toBe('editor-token');
  });

  it('keeps role limits for cookie sessions', async () => {
    const { res, pair } = await signIn(s.tokens.responder);
    const refused = await s.request('POST', '/api/v1/flags', { token: null, headers: { cookie: pair, 'x-csrf-token': res.body.csrfToken }, body: flagBody('by-responder') });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('signs out, and a revoked token ends its sessions', async () => {
    const a = await signIn(s.tokens.viewer);
    const out = await s.request('DELETE', '/api/v1/session', { token: null, headers: { cookie: a.pair, 'x-csrf-token': a.res.body.csrfToken } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await s.request('GET', '/api/v1/flags', { token: null, headers: { cookie: a.pair } })).status).toBe(401);

    const created = await s.post('/api/v1/keys', { kind: 'admin', role: 'viewer', name: 'temp' });
    const b = await signIn(created.body.secret);
    expect((await s.request('GET', '/api/v1/flags', { token: null, headers: { cookie: b.pair } })).status).toBe(200);
    await s.post(`/api/v1/keys/${created.body.key.id}/revoke`, { reason: 'left the team' });
    expect((await s.request('GET', '/api/v1/flags', { token: null, headers: { cookie: b.pair } })).status).toBe(401);
  });

  it('records sign-in and sign-out in the audit log, without secrets', async () => {
    const log = await s.get('/api/v1/audit?resource=session&limit=50');
    expect(log.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['session.create', 'session.delete']));
    expect(log.raw).not.toContain(s.tokens.viewer);
  });
});
