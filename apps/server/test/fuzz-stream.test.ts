import fc from 'fast-check';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationContext } from '../../../packages/core/src/index';
import { HOSTILE_PATTERNS, LONG_STRINGS, PROTOTYPE_NAMES } from '../../../packages/core/test/evaluation/arbitraries';
import { captureLogs } from './support/log-capture';
import { unstorableText } from './support/http-fuzz';
import { startTestServer, type TestServer } from './support/test-server';
import { RawStream } from './support/ws-client';

/** Nothing a hostile client sends may log above warn (pino's 40). */
const WARN = 40;
const logs = captureLogs();
let s: TestServer;
let serverKey: string;
let clientKey: string;
/** Client-side flags whose rules use hostile patterns and prototype-named attributes (negated). */
const HOSTILE_FLAGS = HOSTILE_PATTERNS.slice(0, 7).map((pattern, i) => ({ key: `hostile-${i}`, pattern, attribute: PROTOTYPE_NAMES[i % PROTOTYPE_NAMES.length]! }));
beforeAll(async () => {
  s = await startTestServer({ listen: true, logger: logs.logger, stream: { helloTimeoutMs: 400, messagesPerSecond: 50, messageBurst: 50 } });
  await s.post('/api/v1/flags', { key: 'steady', type: 'release', owner: 'o' });
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
  for (const { key, pattern, attribute } of HOSTILE_FLAGS) {
    expect((await s.post('/api/v1/flags', { key, type: 'release', owner: 'o', clientSide: true })).status).toBe(201);
    const url = `/api/v1/flags/${key}/environments/production`;
    const rules = [
      { clauses: [{ attribute: 'ua', op: 'matches', values: [pattern] }], serve: { variation: 1 } },
      { clauses: [{ attribute, op: 'notIn', values: ['x'] }], serve: { variation: 1 } },
    ];
    expect((await s.patch(url, { baseVersion: (await s.get(url)).body.version, rules, fallthrough: { variation: 0 } })).status).toBe(200);
    expect((await s.post(`${url}/toggle`, { enabled: true, baseVersion: (await s.get(url)).body.version })).status).toBe(200);
  }
});
afterAll(() => s.close());

/** Close codes a hostile first frame may earn; anything else (or a crash) fails. */
const ALLOWED = new Set([4000, 4001, 4003, 4008, 4010, 1009]);

const frame = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  fc.record({ type: fc.constantFrom('hello', 'ack', 'ping', 'pong', 'context', 'summary', 'patch', 'snapshot', 'nope'), protocol: fc.anything(), key: fc.anything(), sdk: fc.anything(), version: fc.anything() }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 64 }),
  // Text no database stores as sent, in any string of a well-formed hello.
  fc
    .tuple(unstorableText, fc.nat({ max: 3 }))
    .map(([bad, field]) =>
      JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: field === 0 ? bad : 'sdk', version: field === 1 ? bad : '1' }, key: field === 2 ? bad : 'sys_x', ...(field === 3 ? { context: { key: bad } } : {}) }),
    ),
);

/** Well-formed messages of every other type: valid on their own, refused before ready. */
const validMessage = fc.oneof(
  fc.nat().map((version) => ({ type: 'ack', version })),
  fc.constantFrom({ type: 'ping' }, { type: 'pong' }),
  fc.record({ type: fc.constant('context'), seq: fc.integer({ min: 1, max: 9 }), context: fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }) }) }),
  fc.record({
    type: fc.constant('summary'),
    startedAt: fc.constant(0),
    endedAt: fc.constant(1),
    counters: fc.array(fc.record({ flag: fc.constantFrom('steady', 'made-up'), variant: fc.constantFrom('on', 'off', null), count: fc.integer({ min: 1, max: 1e6 }) }), { maxLength: 3 }),
  }),
);

async function healthyClientGetsSnapshot(): Promise<void> {
  const good = new RawStream(s.baseUrl);
  await good.hello(serverKey);
  const snap = await good.next('snapshot');
  expect(snap.flags.map((f: any) => f.key).sort()).toEqual(['steady', ...HOSTILE_FLAGS.map((f) => f.key)].sort());
  good.close();
}

describe('hostile WebSocket clients', () => {
  it('closes every malformed first frame with a protocol close code, and stays healthy', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        const r = new RawStream(s.baseUrl);
        await r.opened();
        r.socket.send(f);
        const { code } = await r.waitClosed(3_000);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        return ALLOWED.has(code);
      }),
      { numRuns: 150 },
    );
    expect([...codes.keys()].every((c) => ALLOWED.has(c))).toBe(true);
    await healthyClientGetsSnapshot();
    expect(logs.above(WARN), JSON.stringify(logs.above(WARN)).slice(0, 2_000)).toEqual([]);
  }, 120_000);

  it('closes a hello followed by anything in the same write, before ready, and logs nothing above warn', async () => {
    const hello = fc.constantFrom(serverKey, clientKey, 'sys_unknownunknownunknown').map((key) =>
      JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: 'fuzz', version: '0' }, key, ...(key === clientKey ? { context: { key: 'u' } } : {}) }),
    );
    await fc.assert(
      fc.asyncProperty(hello, fc.array(fc.oneof(frame, validMessage), { minLength: 1, maxLength: 3 }), async (first, rest) => {
        const r = new RawStream(s.baseUrl);
        await r.sendInOneWrite(first, ...rest);
        const { code } = await r.waitClosed(3_000);
        return ALLOWED.has(code) && !r.frames.some((f) => f.type === 'ready');
      }),
      { numRuns: 60 },
    );
    await healthyClientGetsSnapshot();
    expect(logs.above(WARN), JSON.stringify(logs.above(WARN)).slice(0, 2_000)).toEqual([]);
  }, 120_000);

  it('evaluates hostile browser contexts (long strings for matches, prototype-named attributes) as core does, and stays healthy', async () => {
    const flags = (await s.app.inject({ method: 'GET', url: '/sdk/v1/flags', headers: { authorization: `Bearer ${serverKey}` } })).json();
    const core = createEvaluator({ flags: flags.flags, segments: flags.segments });
    const value = fc.oneof(fc.constantFrom(...LONG_STRINGS.slice(0, 4)), fc.string({ maxLength: 30 }), fc.integer());
    const context = fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), ua: value, extra: fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES.filter((n) => n !== '__proto__')), value, { maxKeys: 2 }) });
    await fc.assert(
      fc.asyncProperty(context, async ({ key, ua, extra }) => {
        const ctx = { key, ua, ...extra };
        const r = new RawStream(s.baseUrl);
        await r.hello(clientKey, { context: ctx });
        const frame = await r.next('values', 10_000);
        r.close();
        for (const { key: flag } of HOSTILE_FLAGS) expect(frame.values[flag].value, `${flag} for ${JSON.stringify(ctx).slice(0, 80)}`).toBe(core.evaluate(flag, ctx as EvaluationContext).value);
        // No string to match and no prototype-named attribute of its own: neither rule can match
        // (the negated one reads a missing attribute), so every flag serves its fallthrough, off.
        if (typeof ua !== 'string' && Object.keys(extra).length === 0) for (const { key: flag } of HOSTILE_FLAGS) expect(frame.values[flag].value, flag).toBe(false);
      }),
      { numRuns: 40 },
    );
    await healthyClientGetsSnapshot();
  }, 120_000);

  it('closes a live connection whose message holds an unpaired surrogate anywhere, naming the field (4000), and counts nothing', async () => {
    const messages = fc.tuple(unstorableText, fc.nat({ max: 2 })).map(([bad, kind]) =>
      kind === 0
        ? { message: { type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag: 'steady', variant: bad, count: 1 }] }, path: ['counters', 0, 'variant'] }
        : kind === 1
          ? { message: { type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag: bad, variant: null, count: 1 }] }, path: ['counters', 0, 'flag'] }
          : { message: { type: 'ping', [bad]: 1 }, path: [bad] },
    );
    await fc.assert(
      fc.asyncProperty(messages, async ({ message, path }) => {
        const r = new RawStream(s.baseUrl);
        await r.hello(serverKey);
        r.send(message);
        const { code } = await r.waitClosed(3_000);
        const error = r.frames.find((f) => f.type === 'error');
        return code === 4000 && error?.code === 'bad-message' && JSON.stringify(error.path) === JSON.stringify(path);
      }),
      { numRuns: 40 },
    );
    expect((await s.get('/api/v1/flags/steady/evaluations')).body.items).toEqual([]);
    await healthyClientGetsSnapshot();
  }, 120_000);

  it('closes a hello that trickles in byte by byte once the hello deadline passes', async () => {
    const url = new URL(s.baseUrl);
    const sock = createConnection({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((res) => sock.once('connect', () => res()));
    sock.write(`GET /sdk/v1/stream HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    let received = Buffer.alloc(0);
    sock.on('data', (d) => (received = Buffer.concat([received, d])));
    sock.on('error', () => undefined); // the server may reset the connection it cut off
    const closed = new Promise<void>((res) => sock.once('close', () => res()));
    // A masked text frame announcing 120 payload bytes, sent one byte every 50 ms: it never completes in time.
    const header = Buffer.from([0x81, 0x80 | 120, 1, 2, 3, 4]);
    let i = 0;
    const timer = setInterval(() => {
      if (i < header.length) sock.write(header.subarray(i, i + 1));
      else sock.write(Buffer.from([0x20]));
      i++;
    }, 50);
    const started = Date.now();
    await closed;
    clearInterval(timer);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(3_000);
    // The server's close frame carries 4001 (hello-timeout): 0x88, length, then the code.
    const close = received.indexOf(Buffer.from([0x0f, 0xa1]));
    expect(close).toBeGreaterThan(0);
    await healthyClientGetsSnapshot();
  });

  it('closes a flooding client and serves a calm one meanwhile', async () => {
    const flood = new RawStream(s.baseUrl);
    await flood.hello(serverKey);
    for (let i = 0; i < 500; i++) flood.send({ type: 'ping' });
    expect((await flood.waitClosed()).code).toBe(4008);
    await healthyClientGetsSnapshot();
  });
});
