import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/features/auth/secrets';
import { SseClient } from './support/sse-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The admin event stream (`GET /api/v1/events`) over real HTTP: it ends with what opened it (a
 * revoked token, a signed-out or vanished session), is capped per token and in total, is counted in
 * /metrics, and never keeps a closing server open.
 */
const PER_TOKEN = 2;
const TOTAL = 4;
const HEARTBEAT_MS = 200;

let s: TestServer;
const streams: SseClient[] = [];
beforeAll(async () => {
  s = await startTestServer({ listen: true, app: { events: { perToken: PER_TOKEN, total: TOTAL, heartbeatMs: HEARTBEAT_MS } } });
});
afterEach(() => {
  for (const c of streams.splice(0)) c.close();
});
afterAll(() => s.close());

async function open(headers: Record<string, string>): Promise<SseClient> {
  const c = await SseClient.open(s.baseUrl, headers);
  streams.push(c);
  return c;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
async function newToken(role = 'viewer'): Promise<{ id: string; secret: string }> {
  const res = await s.post('/api/v1/keys', { kind: 'admin', role, name: `events-${Math.random().toString(36).slice(2, 8)}` });
  return { id: res.body.key.id, secret: res.body.secret };
}
async function signIn(token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await s.request('POST', '/api/v1/session', { body: { token }, token: null });
  expect(res.status).toBe(200);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.body.csrfToken };
}
const revoke = (id: string) => s.post(`/api/v1/keys/${id}/revoke`, { reason: 'left the team' });
/** Waits until the server has let go of closed streams (it learns of a client's close asynchronously). */
async function untilOpen(n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (metric(await metricsText(), 'switchyard_admin_event_streams') !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} open event streams`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const metricsText = async () => (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
const metric = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? NaN);

describe('admin event streams end with their credentials', () => {
  it('a revoked token ends its streams at once, and only its streams', async () => {
    const doomed = await newToken();
    const other = await newToken();
    const a = await open(bearer(doomed.secret));
    const b = await open(bearer(other.secret));
    expect((await revoke(doomed.id)).status).toBe(200);
    await a.waitEnded(2_000);
    expect(a.closeReason).toBe('token-revoked');
    await s.post('/api/v1/flags', { key: 'after-revoke', type: 'release', owner: 'team' });
    await b.until(() => b.text.includes('"key":"after-revoke"'), 2_000, 'the change on the other stream');
    expect(b.ended).toBe(false);
    expect(a.text).not.toContain('after-revoke');
  });

  it("revoking a session's token ends the session's streams", async () => {
    const token = await newToken();
    const session = await signIn(token.secret);
    const c = await open({ cookie: session.cookie });
    expect((await revoke(token.id)).status).toBe(200);
    await c.waitEnded(2_000);
    expect(c.closeReason).toBe('token-revoked');
  });

  it("signing out ends that session's streams, not another session's of the same token", async () => {
    const token = await newToken();
    const one = await signIn(token.secret);
    const two = await signIn(token.secret);
    const mine = await open({ cookie: one.cookie });
    const theirs = await open({ cookie: two.cookie });
    const out = await s.request('DELETE', '/api/v1/session', { token: null, headers: { cookie: one.cookie, 'x-csrf-token': one.csrf } });
    expect(out.status).toBe(204);
    await mine.waitEnded(2_000);
    expect(mine.closeReason).toBe('signed-out');
    await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));
    expect(theirs.ended).toBe(false);
  });

  it('a session or token that vanished without a signal here (another replica, expiry) ends its streams within a heartbeat or two', async () => {
    const token = await newToken();
    const session = await signIn(token.secret);
    const viaSession = await open({ cookie: session.cookie });
    const viaToken = await open(bearer(token.secret));
    // Deleted and revoked in the database directly, as another replica's commit would be.
    const sessionId = session.cookie.split('=')[1]!;
    await s.services.db.transaction(async (tx) => {
      await tx.sessions.delete(hashSecret(sessionId));
      await tx.keys.revoke(token.id, new Date().toISOString(), 'another replica');
    });
    await viaSession.waitEnded(5 * HEARTBEAT_MS + 2_000);
    expect(viaSession.closeReason).toBe('credentials-expired');
    await viaToken.waitEnded(5 * HEARTBEAT_MS + 2_000); // the key cache re-reads a record once a second
    expect(viaToken.closeReason).toBe('credentials-expired');
  });
});

describe('admin event stream limits', () => {
  it(`takes ${PER_TOKEN} per token and ${TOTAL} in all, refuses more with 429 EVENT_STREAM_LIMIT naming the limit, and counts them in /metrics`, async () => {
    const [t1, t2, t3] = [await newToken(), await newToken(), await newToken()];
    const first = await open(bearer(t1.secret));
    await open(bearer(t1.secret));
    const overToken = await open(bearer(t1.secret));
    expect(overToken.status).toBe(429);
    expect(overToken.body).toMatchObject({ code: 'EVENT_STREAM_LIMIT', details: { limit: 'per-token', max: PER_TOKEN } });

    await open(bearer(t2.secret));
    await open(bearer(t2.secret));
    const overTotal = await open(bearer(t3.secret));
    expect(overTotal.status).toBe(429);
    expect(overTotal.body).toMatchObject({ code: 'EVENT_STREAM_LIMIT', details: { limit: 'total', max: TOTAL } });

    const text = await metricsText();
    expect(metric(text, 'switchyard_admin_event_streams')).toBe(TOTAL);
    expect(/^switchyard_admin_event_streams_refused_total\{limit="per-token"\} (\d+)/m.exec(text)?.[1]).toBe('1');
    expect(/^switchyard_admin_event_streams_refused_total\{limit="total"\} (\d+)/m.exec(text)?.[1]).toBe('1');

    // A closed stream frees its place.
    first.close();
    await untilOpen(TOTAL - 1);
    expect((await open(bearer(t3.secret))).status).toBe(200);
  });
});

describe('a client that goes away', () => {
  it('gets its connection closed by the server, not left half-open for ever', async () => {
    const socket = connect(Number(new URL(s.baseUrl).port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`GET /api/v1/events HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${s.tokens.viewer}\r\n\r\n`);
    const deadline = Date.now() + 5_000;
    while (!received.includes('retry:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toContain('retry:');
    socket.end(); // the tab closed: FIN from the client, and nothing more
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 3_000))]);
    socket.destroy();
    expect(outcome).toBe('closed');
    await untilOpen(0);
  });
});

describe('shutdown', () => {
  it('ends every open event stream, so that closing the server does not wait for them', async () => {
    const server = await startTestServer({ listen: true });
    const c = await SseClient.open(server.baseUrl, bearer(server.tokens.viewer));
    try {
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(3_000);
      await c.waitEnded(1_000);
      expect(c.closeReason).toBe('shutdown');
    } finally {
      c.close();
    }
  });
});
