import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, KeyedRateLimiter } from '../src/http/rate-limiter';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The admin API's rate limits through the real app: failed sign-ins per source address, writes per
 * admin token (sessions included) — answered 429 RATE_LIMITED with Retry-After — and the kill,
 * which no earlier write can hold back.
 */
const SIGN_IN = 3;
/** More than the admin token's own writes here (setting up role tokens, flags and keys), so only the tokens under test run out. */
const WRITES = 20;

describe('sign-in attempts per source address', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ app: { rateLimits: { signInFailuresPerMinute: SIGN_IN } } });
  });
  afterAll(() => s.close());

  const signIn = (token: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url: '/api/v1/session', payload: { token }, remoteAddress, headers });

  it(`refuses an address after ${SIGN_IN} failures a minute, with Retry-After, even with the right token; other addresses go on`, async () => {
    for (let i = 0; i < SIGN_IN; i++) expect((await signIn('sya_wrong_wrong_wrong_wrong', '198.51.100.7')).statusCode).toBe(401);
    const refused = await signIn(s.tokens.admin, '198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'sign-in' } });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60 / SIGN_IN);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect((await signIn(s.tokens.admin, '198.51.100.8')).statusCode).toBe(200);
  });

  it('never counts a successful sign-in', async () => {
    for (let i = 0; i < 4 * SIGN_IN; i++) expect((await signIn(s.tokens.viewer, '198.51.100.20')).statusCode).toBe(200);
    for (let i = 0; i < SIGN_IN; i++) expect((await signIn('sya_wrong_wrong_wrong_wrong', '198.51.100.20')).statusCode).toBe(401);
    expect((await signIn('sya_wrong_wrong_wrong_wrong', '198.51.100.20')).statusCode).toBe(429);
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (let i = 1; i <= SIGN_IN; i++) expect((await signIn('sya_wrong_wrong_wrong_wrong', `2001:db8:0:7::${i}`)).statusCode).toBe(401);
    expect((await signIn('sya_wrong_wrong_wrong_wrong', '2001:db8:0:7:ffff::99')).statusCode).toBe(429);
    expect((await signIn('sya_wrong_wrong_wrong_wrong', '2001:db8:0:8::1')).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted: a client cannot pick a fresh address', async () => {
    for (let i = 0; i < SIGN_IN; i++) expect((await signIn('sya_wrong_wrong_wrong_wrong', '198.51.100.30', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode).toBe(401);
    expect((await signIn('sya_wrong_wrong_wrong_wrong', '198.51.100.30', { 'x-forwarded-for': '203.0.113.99' })).statusCode).toBe(429);
  });

  it('behind a trusted proxy (TRUST_PROXY), counts each client the proxy names, not the proxy', async () => {
    const behind = await startTestServer({ app: { rateLimits: { signInFailuresPerMinute: SIGN_IN }, trustProxy: 1 } });
    try {
      const viaProxy = (client: string) => behind.app.inject({ method: 'POST', url: '/api/v1/session', payload: { token: 'sya_wrong_wrong_wrong_wrong' }, remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < SIGN_IN; i++) expect((await viaProxy('203.0.113.1')).statusCode).toBe(401);
      expect((await viaProxy('203.0.113.1')).statusCode).toBe(429);
      expect((await viaProxy('203.0.113.2')).statusCode).toBe(401);
    } finally {
      await behind.close();
    }
  });
});

describe('writes per admin token', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ app: { rateLimits: { writesPerMinute: WRITES } } });
  });
  afterAll(() => s.close());

  it(`takes ${WRITES} writes a minute from a token, then 429 with Retry-After; reads, other tokens and the token's kills go on`, async () => {
    for (let i = 0; i < WRITES; i++) expect((await s.post('/api/v1/environments/production/segments', { key: `seg-${i}` }, s.tokens.editor)).status).toBe(201);
    const refused = await s.post('/api/v1/flags', { key: 'one-too-many', type: 'release', owner: 'team' }, s.tokens.editor);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'writes' } });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60 / WRITES);
    expect((await s.get('/api/v1/flags', s.tokens.editor)).status).toBe(200);

    // Another token is not held back by this one.
    expect((await s.post('/api/v1/flags', { key: 'incident-flag', type: 'release', owner: 'team' })).status).toBe(201);
    // The exhausted token still kills.
    const kill = await s.post('/api/v1/flags/incident-flag/environments/production/kill', { reason: 'INC-1' }, s.tokens.editor);
    expect(kill.status).toBe(200);
  });

  it("a responder who spent their writes on restores still kills; the restore waits", async () => {
    for (const key of ['r1', 'r2', 'r3']) expect((await s.post('/api/v1/flags', { key, type: 'release', owner: 'team' })).status).toBe(201);
    let restores = 0;
    while (restores < WRITES) {
      const key = `r${(restores % 3) + 1}`;
      expect((await s.post(`/api/v1/flags/${key}/environments/staging/kill`, { reason: 'drill' }, s.tokens.responder)).status).toBe(200);
      expect((await s.post(`/api/v1/flags/${key}/environments/staging/restore`, { reason: 'drill over' }, s.tokens.responder)).status).toBe(200);
      restores++;
    }
    expect((await s.post('/api/v1/flags/r1/environments/production/kill', { reason: 'INC-2: real' }, s.tokens.responder)).status).toBe(200);
    const restore = await s.post('/api/v1/flags/r1/environments/production/restore', { reason: 'too soon' }, s.tokens.responder);
    expect(restore.status).toBe(429);
  });

  it("counts a session's writes against its token, and still lets it sign out", async () => {
    const token = (await s.post('/api/v1/keys', { kind: 'admin', role: 'editor', name: 'session-writer' })).body.secret as string;
    const signIn = await s.request('POST', '/api/v1/session', { body: { token }, token: null });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': signIn.body.csrfToken as string };
    for (let i = 0; i < WRITES; i++) expect((await s.post(`/api/v1/environments/staging/segments`, { key: `by-token-${i}` }, token)).status).toBe(201);
    const viaSession = await s.request('POST', '/api/v1/environments/staging/segments', { token: null, headers, body: { key: 'by-session' } });
    expect(viaSession.status).toBe(429);
    expect((await s.request('DELETE', '/api/v1/session', { token: null, headers })).status).toBe(204);
  });
});

describe('the limiter', () => {
  it('refills evenly over a minute and forgets refilled keys first when full', () => {
    let t = 0;
    const limiter = new KeyedRateLimiter(60, () => t, 2);
    expect(limiter.take('a').ok).toBe(true);
    for (let i = 1; i < 60; i++) limiter.take('a');
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    t += 1_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    limiter.take('b');
    t += 60_000; // both refilled
    limiter.take('c');
    expect(limiter.size).toBe(1);
  });

  it('keys addresses: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:0db8:0000:0000:ffff::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
