import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * The warm `GET /sdk/v1/flags` answered before Fastify's routing, over real HTTP: it must give
 * exactly what the route gives (checked against `inject()`, which always takes the route), and step
 * aside whenever memory cannot answer for sure. Which path answered is seen from outside, as an
 * operator sees it: the route logs each request it takes ("incoming request"), the fast lane does
 * not (the one thing it gives up).
 */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const comparable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([k]) => !TRANSPORT.has(k)).sort(([a], [b]) => a.localeCompare(b)));

describe('SDK fast lane (real HTTP)', () => {
  let s: TestServer;
  let key: string;
  const logged: string[] = [];
  /** Requests to the SDK endpoint that went through Fastify's route so far. */
  const routed = () => logged.filter((l) => l.includes('incoming request') && l.includes('/sdk/v1/flags')).length;
  beforeAll(async () => {
    s = await startTestServer({ listen: true, logger: { level: 'info', stream: { write: (line: string) => void logged.push(line) } } });
    await s.post('/api/v1/flags', flagBody('lane'));
    key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'lane' })).body.secret;
  });
  afterAll(() => s.close());

  const overHttp = async (url: string, secret: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${s.baseUrl}${url}`, { headers: { authorization: `Bearer ${secret}`, ...headers } });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
  const viaRoute = async (url: string, secret: string, headers: Record<string, string> = {}) => {
    const res = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}`, ...headers } });
    return { status: res.statusCode, headers: res.headers as Record<string, unknown>, body: res.body };
  };

  it('answers warm requests itself with the same status, headers and body as the route (200 and 304)', async () => {
    await overHttp('/sdk/v1/flags', key); // warms the key cache and the rule set
    let before = routed();
    const full = await overHttp('/sdk/v1/flags', key);
    expect(routed()).toBe(before); // answered by the fast lane
    const route = await viaRoute('/sdk/v1/flags', key);
    expect(routed()).toBe(before + 1); // inject() takes the route
    expect(full.status).toBe(200);
    expect(comparable(full.headers)).toEqual(comparable(route.headers));
    expect(full.body).toBe(route.body);
    expect(JSON.parse(full.body).flags.map((f: { key: string }) => f.key)).toContain('lane');

    const etag = { 'if-none-match': full.headers.etag! };
    before = routed();
    const notModified = await overHttp('/sdk/v1/flags', key, etag);
    expect(routed()).toBe(before);
    const routeNotModified = await viaRoute('/sdk/v1/flags', key, etag);
    expect(notModified.status).toBe(304);
    expect(routeNotModified.status).toBe(304);
    expect(comparable(notModified.headers)).toEqual(comparable(routeNotModified.headers));
    expect(notModified.body).toBe('');
    // The server it runs in keeps Fastify's own HTTP settings.
    expect(s.app.server.keepAliveTimeout).toBe(72_000);
  });

  it('serves a change on the next request and refuses a revoked key on the next request', async () => {
    const before = await overHttp('/sdk/v1/flags', key);
    await s.post('/api/v1/flags/lane/environments/production/toggle', { enabled: true, baseVersion: JSON.parse(before.body).flags.find((f: { key: string }) => f.key === 'lane').version });
    const after = await overHttp('/sdk/v1/flags', key, { 'if-none-match': before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(JSON.parse(after.body).flags.find((f: { key: string }) => f.key === 'lane').enabled).toBe(true);

    const doomed = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'doomed' })).body;
    expect((await overHttp('/sdk/v1/flags', doomed.secret)).status).toBe(200);
    expect((await overHttp('/sdk/v1/flags', doomed.secret)).status).toBe(200);
    await s.post(`/api/v1/keys/${doomed.key.id}/revoke`, { reason: 'leaked' });
    const refused = await overHttp('/sdk/v1/flags', doomed.secret);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).code).toBe('UNAUTHENTICATED');
  });

  it('steps aside for anything but the warm, exact request: the route answers', async () => {
    const before = routed();
    const client = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'browser' })).body.secret;
    expect((await overHttp('/sdk/v1/flags', client)).status).toBe(401); // a client key: refused by the route
    expect((await overHttp('/sdk/v1/flags', 'not-a-real-key-at-all')).status).toBe(401);
    expect((await overHttp('/sdk/v1/flags?x=1', key)).status).toBe(200); // other URLs: the route's rules
    const head = await fetch(`${s.baseUrl}/sdk/v1/flags`, { method: 'HEAD', headers: { authorization: `Bearer ${key}` } });
    expect(head.status).toBe(200);
    expect(routed()).toBe(before + 4); // every one of them went through the route
  });
});
