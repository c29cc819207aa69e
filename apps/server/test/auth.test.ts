import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
let serverKey: string;
let clientKey: string;
const cfgUrl = '/api/v1/flags/guarded/environments/production';

beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/flags', flagBody('guarded'));
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'checkout-service' })).body.secret;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});
afterAll(() => s.close());

const version = async () => (await s.get(cfgUrl)).body.version as number;

describe('roles', () => {
  it('lets every role read', async () => {
    for (const role of ['viewer', 'editor', 'responder', 'admin'] as const) {
      expect((await s.get('/api/v1/flags', s.tokens[role])).status).toBe(200);
    }
  });

  it('refuses every mutation to a viewer', async () => {
    const v = s.tokens.viewer;
    const attempts = [
      await s.post('/api/v1/flags', flagBody('by-viewer'), v),
      await s.patch('/api/v1/flags/guarded', { baseVersion: 1, description: 'x' }, v),
      await s.post(`${cfgUrl}/toggle`, { enabled: true, baseVersion: await version() }, v),
      await s.post(`${cfgUrl}/kill`, { reason: 'x' }, v),
      await s.post('/api/v1/environments', { key: 'qa', name: 'QA' }, v),
      await s.post('/api/v1/keys', { kind: 'admin', role: 'admin', name: 'escalate' }, v),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('lets a responder kill and restore, and nothing else', async () => {
    const r = s.tokens.responder;
    expect((await s.post(`${cfgUrl}/kill`, { reason: 'incident' }, r)).status).toBe(200);
    expect((await s.post(`${cfgUrl}/restore`, { reason: 'resolved' }, r)).status).toBe(200);
    const refused = [
      await s.post(`${cfgUrl}/toggle`, { enabled: true, baseVersion: await version() }, r),
      await s.patch(cfgUrl, { baseVersion: await version(), rules: [] }, r),
      await s.post('/api/v1/flags', flagBody('by-responder'), r),
      await s.post('/api/v1/flags/guarded/archive', {}, r),
      await s.get('/api/v1/keys', r),
    ];
    for (const res of refused) expect(res.status).toBe(403);
  });

  it('lets an editor edit flags but not manage keys or environments', async () => {
    const e = s.tokens.editor;
    expect((await s.post(`${cfgUrl}/toggle`, { enabled: true, baseVersion: await version() }, e)).status).toBe(200);
    expect((await s.post('/api/v1/keys', { kind: 'admin', role: 'admin', name: 'escalate' }, e)).status).toBe(403);
    expect((await s.post('/api/v1/environments', { key: 'qa', name: 'QA' }, e)).status).toBe(403);
  });
});

describe('credentials', () => {
  it('refuses /api without a token, with a malformed one, and with SDK keys', async () => {
    for (const token of [null, 'not a token!', 'sya_doesnotexistatall1234', serverKey, clientKey]) {
      const res = await s.get('/api/v1/flags', token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('shows a secret once, lists keys without secrets or hashes, and stops a revoked token', async () => {
    const created = await s.post('/api/v1/keys', { kind: 'admin', role: 'viewer', name: 'short-lived' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^sya_/);
    const list = await s.get('/api/v1/keys');
    expect(list.raw).not.toContain(created.body.secret);
    expect(list.raw).not.toContain('"hash"');
    expect((await s.get('/api/v1/flags', created.body.secret)).status).toBe(200);
    const revoke = await s.post(`/api/v1/keys/${created.body.key.id}/revoke`, { reason: 'leaked' });
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).not.toBeNull();
    expect((await s.get('/api/v1/flags', created.body.secret)).status).toBe(401);
    expect((await s.post(`/api/v1/keys/${created.body.key.id}/revoke`, { reason: 'again' })).body.code).toBe('ALREADY_REVOKED');
  });

  it('never revokes the last admin token', async () => {
    const admins = (await s.get('/api/v1/keys')).body.items.filter((k: any) => k.role === 'admin' && !k.revokedAt);
    expect(admins).toHaveLength(1);
    const res = await s.post(`/api/v1/keys/${admins[0].id}/revoke`, { reason: 'oops' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LAST_ADMIN');
  });

  it('never puts a secret in the audit log', async () => {
    const exported = await s.get('/api/v1/audit/export');
    for (const secret of [serverKey, clientKey, ...Object.values(s.tokens)]) expect(exported.raw).not.toContain(secret);
  });
});

describe('SDK rule-set endpoint', () => {
  it('serves the environment rule set to a server key, with ETag and 304', async () => {
    const res = await s.request('GET', '/sdk/v1/flags', { token: serverKey });
    expect(res.status).toBe(200);
    expect(res.body.environment).toBe('production');
    expect(res.body.flags.map((f: any) => f.key)).toEqual(['guarded']);
    expect(res.body.version).toBeGreaterThan(0);
    const etag = res.headers.etag as string;
    const again = await s.request('GET', '/sdk/v1/flags', { token: serverKey, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await s.post(`${cfgUrl}/kill`, { reason: 'drill' });
    const changed = await s.request('GET', '/sdk/v1/flags', { token: serverKey, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBeGreaterThan(res.body.version);
    expect(changed.body.flags[0].killed.reason).toBe('drill');
  });

  it('refuses client keys, admin tokens and no key', async () => {
    for (const token of [clientKey, s.tokens.admin, null]) {
      expect((await s.request('GET', '/sdk/v1/flags', { token })).status).toBe(401);
    }
  });
});
