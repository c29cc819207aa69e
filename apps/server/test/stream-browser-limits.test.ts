import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import type { RawStream } from './support/ws-client';

// Issue 26, item 2: a client key ships in page JavaScript and every visitor shares it, so browser
// connections are limited per source (an IPv4 address, an IPv6 /64) and by contexts per source per
// minute, not by a per-key cap one visitor could fill. Each refusal names the limit it hit.
// Sources are told apart by X-Forwarded-For from a trusted proxy (the tests connect from 127.0.0.1).

const from = (address: string) => ({ 'x-forwarded-for': address });
let counter = 0;

/** A browser hello; resolves with the connection once it is ready, or with its close code when refused. */
async function browser(open: (h?: Record<string, string>) => RawStream, clientKey: string, address: string): Promise<{ r: RawStream; refused?: number }> {
  const r = open(from(address));
  await r.opened();
  r.send({ type: 'hello', protocol: 1, sdk: { name: 'raw-test', version: '0' }, key: clientKey, context: { key: `visitor-${counter++}` } });
  for (;;) {
    if (r.frames.some((f) => f.type === 'values')) return { r };
    if (r.closed) return { r, refused: r.closed.code };
    await new Promise((res) => setTimeout(res, 5));
  }
}

/** Runs `task` for each of `n` with at most `concurrency` in flight. */
async function inBatches<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += concurrency) out.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, (_, k) => task(i + k)))));
  return out;
}

async function serverWith(opts: Parameters<typeof startTestServer>[0]): Promise<{ s: TestServer; clientKey: string; serverKey: string }> {
  const s = await startTestServer({ listen: true, ...opts });
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  const clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
  const serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  return { s, clientKey, serverKey };
}

describe('one source cannot lock out the other visitors (default limits)', () => {
  let s: TestServer;
  let clientKey: string;
  const { open, closeAll } = streamFixture(() => s);
  beforeAll(async () => ({ s, clientKey } = await serverWith({ trustProxy: 1 })));
  afterAll(async () => {
    closeAll();
    await s.close();
  });

  it('refuses the 501st browser connection from one address with 4013, and still lets a visitor from elsewhere in', { timeout: 60_000 }, async () => {
    const attack = await inBatches(1_000, 100, () => browser(open, clientKey, '198.51.100.7'));
    const ready = attack.filter((a) => a.refused === undefined).length;
    expect(ready).toBe(500);
    expect(new Set(attack.filter((a) => a.refused !== undefined).map((a) => a.refused))).toEqual(new Set([4013]));
    const refusal = attack.find((a) => a.refused !== undefined)!.r.frames.at(-1);
    expect(refusal).toMatchObject({ type: 'error', code: 'too-many-connections-from-source', retry: true });
    const visitor = await browser(open, clientKey, '203.0.113.9');
    expect(visitor.refused).toBeUndefined();
    expect(visitor.r.frames.find((f) => f.type === 'values').values).toHaveProperty('banner');
    for (const a of attack) a.r.close();
  });
});

describe('browser limits, each with its own close code', () => {
  let s: TestServer;
  let clientKey: string;
  let serverKey: string;
  const { open, closeAll } = streamFixture(() => s);
  beforeAll(async () => {
    ({ s, clientKey, serverKey } = await serverWith({
      trustProxy: ['127.0.0.1'],
      stream: { maxConnectionsPerKey: 2, maxConnectionsPerClientKey: 6, maxConnectionsPerSource: 3, contextsPerSourcePerMinute: 5 },
    }));
  });
  afterAll(async () => {
    closeAll();
    await s.close();
  });
  const closedAll = async (rs: RawStream[]) => {
    for (const r of rs) r.close();
    await Promise.all(rs.map((r) => r.waitClosed()));
    await new Promise((res) => setTimeout(res, 20)); // the server sees the closes
  };

  it('per source: a fourth browser from one address gets 4013; a slot freed is a slot again', async () => {
    const held = [await browser(open, clientKey, '192.0.2.1'), await browser(open, clientKey, '192.0.2.1'), await browser(open, clientKey, '192.0.2.1')];
    expect(held.map((h) => h.refused)).toEqual([undefined, undefined, undefined]);
    const fourth = await browser(open, clientKey, '192.0.2.1');
    expect(fourth.refused).toBe(4013);
    expect(fourth.r.frames.at(-1)).toMatchObject({ type: 'error', code: 'too-many-connections-from-source', retry: true });
    // Server keys are not counted per source: a service behind the same address still connects.
    const service = open(from('192.0.2.1'));
    await service.hello(serverKey);
    await closedAll([held[0]!.r]);
    const freed = await browser(open, clientKey, '192.0.2.1');
    expect(freed.refused).toBeUndefined();
    await closedAll([...held.slice(1).map((h) => h.r), freed.r, service]);
  });

  it('per IPv6 /64: addresses in one /64 share a limit, another /64 has its own; IPv4-mapped addresses are their IPv4 address', async () => {
    const same = [await browser(open, clientKey, '2001:db8:1:2::a'), await browser(open, clientKey, '2001:db8:1:2:ffff::b'), await browser(open, clientKey, '2001:0db8:0001:0002:0:0:0:c')];
    expect(same.map((h) => h.refused)).toEqual([undefined, undefined, undefined]);
    expect((await browser(open, clientKey, '2001:db8:1:2:1234:5678:9abc:def0')).refused).toBe(4013);
    const other = await browser(open, clientKey, '2001:db8:1:3::1');
    expect(other.refused).toBeUndefined();
    await closedAll([...same.map((h) => h.r), other.r]);

    const v4 = [await browser(open, clientKey, '192.0.2.77'), await browser(open, clientKey, '192.0.2.77'), await browser(open, clientKey, '192.0.2.77')];
    expect((await browser(open, clientKey, '::ffff:192.0.2.77')).refused).toBe(4013);
    await closedAll(v4.map((h) => h.r));
  });

  it('per client key: past 6 browsers on this server, a seventh from a new address gets 4009; the server key has its own cap', async () => {
    const held = await Promise.all(['198.51.100.1', '198.51.100.1', '198.51.100.1', '198.51.100.2', '198.51.100.2', '198.51.100.2'].map((a) => browser(open, clientKey, a)));
    expect(held.every((h) => h.refused === undefined)).toBe(true);
    const seventh = await browser(open, clientKey, '198.51.100.3');
    expect(seventh.refused).toBe(4009);
    expect(seventh.r.frames.at(-1)).toMatchObject({ type: 'error', code: 'too-many-connections', retry: true });
    const services = [open(), open()];
    for (const r of services) await r.hello(serverKey);
    const third = open();
    await third.opened();
    third.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: serverKey });
    expect((await third.waitClosed()).code).toBe(4009);
    await closedAll([...held.map((h) => h.r), ...services]);
  });

  it('hellos arriving together cannot overshoot a cap: each is counted before anything is awaited', async () => {
    // Fresh keys: their lookups are not cached, so every hello waits for the same read and resumes in one turn.
    const serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc-2' })).body.secret;
    const clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web-2' })).body.secret;
    const services = Array.from({ length: 8 }, () => open(from('198.51.100.20')));
    const browsers = Array.from({ length: 8 }, () => open(from('198.51.100.21')));
    await Promise.all([...services, ...browsers].map((r) => r.opened()));
    for (const r of services) r.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: serverKey });
    for (const [i, r] of browsers.entries()) r.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: clientKey, context: { key: `together-${i}` } });
    const outcome = async (r: RawStream) => {
      for (;;) {
        if (r.frames.some((f) => f.type === 'snapshot' || f.type === 'values')) return 'ready';
        if (r.closed) return r.closed.code;
        await new Promise((res) => setTimeout(res, 5));
      }
    };
    const served = await Promise.all(services.map(outcome));
    const browsed = await Promise.all(browsers.map(outcome));
    expect(served.filter((o) => o === 'ready')).toHaveLength(2);
    expect(served.filter((o) => o !== 'ready')).toEqual(Array(6).fill(4009));
    expect(browsed.filter((o) => o === 'ready')).toHaveLength(3);
    expect(browsed.filter((o) => o !== 'ready')).toEqual(Array(5).fill(4013));
    await closedAll([...services, ...browsers]);
  });

  it('per context rate: the sixth context from one address in a minute (hello or identify) gets 4014', async () => {
    const first = await browser(open, clientKey, '203.0.113.50'); // context 1
    expect(first.refused).toBeUndefined();
    expect((await first.r.next('values')).contextSeq).toBe(0);
    for (let seq = 1; seq <= 4; seq++) {
      first.r.send({ type: 'context', seq, context: { key: `identify-${seq}` } }); // contexts 2 to 5
      expect((await first.r.next('values')).contextSeq).toBe(seq);
    }
    first.r.send({ type: 'context', seq: 5, context: { key: 'one-too-many' } });
    expect((await first.r.waitClosed()).code).toBe(4014);
    expect(first.r.frames.at(-1)).toMatchObject({ type: 'error', code: 'context-rate-exceeded', retry: true });
    const again = await browser(open, clientKey, '203.0.113.50');
    expect(again.refused).toBe(4014);
    expect((await browser(open, clientKey, '203.0.113.51')).refused).toBeUndefined();
  });
});

describe('X-Forwarded-For without a trusted proxy', () => {
  let s: TestServer;
  let clientKey: string;
  const { open, closeAll } = streamFixture(() => s);
  beforeAll(async () => ({ s, clientKey } = await serverWith({ stream: { maxConnectionsPerSource: 2 } })));
  afterAll(async () => {
    closeAll();
    await s.close();
  });

  it('is ignored: every connection counts against the socket address it came from', async () => {
    const a = await browser(open, clientKey, '198.51.100.10');
    const b = await browser(open, clientKey, '198.51.100.11');
    expect([a.refused, b.refused]).toEqual([undefined, undefined]);
    expect((await browser(open, clientKey, '198.51.100.12')).refused).toBe(4013);
  });
});
