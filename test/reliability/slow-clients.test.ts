import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawStream } from '../../apps/server/test/support/ws-client';
import { RawConnection } from '../support/raw-http';
import { ServerProcess } from '../support/server-process';

/**
 * Slow and silent clients against the real server process over real TCP, with short timeouts so
 * the test is quick: each is closed near its deadline, while the long-lived streams (the SDK
 * WebSocket and the admin event stream), silent for longer than every timeout, stay open and
 * still deliver.
 */
const HEADERS_MS = 500;
const REQUEST_MS = 1_000;
/** Node checks deadlines on a timer, and the machine is shared: how late a close may come. */
const SLACK_MS = 1_500;

const server = new ServerProcess({
  HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
  HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
});
const open: RawConnection[] = [];
const raw = () => {
  const c = new RawConnection(server.port);
  open.push(c);
  return c;
};

beforeAll(() => server.start(), 30_000);
afterAll(async () => {
  for (const c of open) c.destroy();
  await server.dispose();
});

describe('slow clients over TCP', () => {
  it('closes a client that sends its body slowly once the request timeout passes, whoever it is and whatever the route answered', async () => {
    const cases = [
      { what: 'signed in', path: '/api/v1/flags', auth: `authorization: Bearer ${server.adminToken}\r\n`, answer: 408 },
      { what: 'sign-in (a public route reads the body)', path: '/api/v1/session', auth: '', answer: 408 },
      // Refused before the body is read, but the rest of the body still trickles in on the same connection.
      { what: 'no credentials', path: '/api/v1/flags', auth: '', answer: 401 },
    ];
    for (const { what, path, auth, answer } of cases) {
      const c = raw();
      await c.connected();
      c.write(`POST ${path} HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: 1000\r\n\r\n`);
      c.drip('{"key":"slow","type":"release","owner":"o","description":"'.padEnd(1000, 'x'), 100); // 100 s at this pace
      const after = await c.waitClosed(REQUEST_MS + SLACK_MS + 2_000);
      expect(c.received, what).toMatch(new RegExp(`^HTTP/1\\.1 ${answer} `));
      expect(after, what).toBeLessThan(REQUEST_MS + SLACK_MS);
    }
    expect((await server.api('GET', '/api/v1/flags/slow')).status).toBe(404);
  }, 30_000);

  it('closes a client that sends its headers slowly with 408 once the headers timeout passes', async () => {
    const c = raw();
    await c.connected();
    c.write('GET /healthz HTTP/1.1\r\n');
    c.drip(`x-padding: ${'a'.repeat(200)}\r\n`, 50);
    const after = await c.waitClosed(HEADERS_MS + SLACK_MS + 2_000);
    expect(c.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(c.received.split('\r\n\r\n')[1]!)).toMatchObject({ code: 'REQUEST_TIMEOUT', details: {} });
    expect(after).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it('answers bytes that are not HTTP with 400 in the catalogue shape and closes the connection', async () => {
    const c = raw();
    await c.connected();
    c.write('HELLO THERE\r\n\r\n');
    await c.waitClosed(5_000);
    expect(c.received).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(c.received.split('\r\n\r\n')[1]!)).toMatchObject({ code: 'MALFORMED_HTTP' });
  });

  it('closes a connection that never sends a request once the headers timeout passes', async () => {
    const c = raw();
    await c.connected();
    const after = await c.waitClosed(HEADERS_MS + SLACK_MS + 2_000);
    expect(after).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(c.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still takes a body that arrives in pieces within the timeout', async () => {
    const body = JSON.stringify({ key: 'pieces', type: 'release', owner: 'team' });
    const c = raw();
    await c.connected();
    c.write(`POST /api/v1/flags HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${server.adminToken}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    c.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    c.write(body.slice(10));
    await c.waitFor(/^HTTP\/1\.1 201 /, 5_000);
  });

  it('leaves the SDK stream and the admin event stream open while they are quiet for longer than every timeout, and both still deliver', async () => {
    await server.api('POST', '/api/v1/flags', { key: 'quiet', type: 'release', owner: 'team' });
    const key = await server.sdkKey('server');
    const sdk = new RawStream(server.baseUrl);
    const ready = await sdk.hello(key.secret);
    const events = raw();
    await events.connected();
    events.write(`GET /api/v1/events HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${server.adminToken}\r\n\r\n`);
    await events.waitFor(/retry: \d+/, 5_000);

    // Neither the client nor the server sends anything for 3× the longest timeout (heartbeats are 15 s apart).
    await new Promise((r) => setTimeout(r, 3 * REQUEST_MS));
    expect(events.isOpen).toBe(true);
    expect(sdk.closed).toBeUndefined();

    const kill = await server.api('POST', '/api/v1/flags/quiet/environments/production/kill', { reason: 'still listening?' });
    expect(kill.status).toBe(200);
    expect((await sdk.next('patch', 5_000)).version).toBe(kill.body.version);
    expect(kill.body.version).toBeGreaterThan(ready.version);
    await events.waitFor(new RegExp(`"version":${kill.body.version}`), 5_000);
    sdk.close();
  }, 20_000);
});

describe('the connection cap', () => {
  const MAX = 4;
  const capped = new ServerProcess({ HTTP_MAX_CONNECTIONS: String(MAX) });
  const held: RawConnection[] = [];
  beforeAll(() => capped.start(), 30_000);
  afterAll(async () => {
    for (const c of held) c.destroy();
    await capped.dispose();
  });

  /** One request on its own connection (fetch's keep-alive pool would hold a slot afterwards). */
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers = { authorization: `Bearer ${capped.adminToken}`, 'content-type': 'application/json' };
      const req = request({ host: '127.0.0.1', port: capped.port, method, path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const get = (path: string) => call('GET', path);

  it(`refuses connection ${MAX + 1} while ${MAX} are open, counts it in /metrics, and takes new ones once one closes`, async () => {
    const sdk = new RawStream(capped.baseUrl); // an SDK stream holds a connection like any other
    const key = await call('POST', '/api/v1/keys', { kind: 'server', environment: 'production', name: 'capped' });
    await sdk.hello(JSON.parse(key.body).secret);
    for (let i = 1; i < MAX; i++) {
      const c = new RawConnection(capped.port);
      held.push(c);
      await c.connected();
      c.write('GET /healthz HTTP/1.1\r\n'); // headers not finished: held until the headers timeout (10 s)
    }
    await expect(get('/healthz')).rejects.toThrow(/ECONNRESET|socket hang up/);

    held.pop()!.destroy();
    const deadline = Date.now() + 5_000;
    let metrics: { status: number; body: string } | undefined;
    while (!metrics) {
      metrics = await get('/metrics').catch((err: unknown) => {
        if (Date.now() > deadline) throw err;
        return undefined; // the server has not seen the close yet
      });
    }
    expect(metrics.status).toBe(200);
    expect(Number(/^switchyard_http_connections_refused_total (\d+)/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^switchyard_http_connections (\d+)/m.exec(metrics.body)?.[1])).toBe(MAX);
    expect(sdk.closed).toBeUndefined();
    sdk.close();
  }, 30_000);
});
