import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import { counterByLabel } from './support/metrics-reader';
import { streamFixture } from './support/stream-fixture';

let s: TestServer;
let serverKey: string;
let serverKeyId: string;
let clientKey: string;
const { open, closeAll, prod, version } = streamFixture(() => s);

beforeAll(async () => {
  s = await startTestServer({ listen: true, stream: { helloTimeoutMs: 300, maxConnectionsPerKey: 3, messagesPerSecond: 5, messageBurst: 10 } });
  await s.post('/api/v1/flags', flagBody('server-only'));
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  const sk = await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' });
  serverKey = sk.body.secret;
  serverKeyId = sk.body.key.id;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});
afterAll(async () => {
  closeAll();
  await s.close();
});

describe('server SDK stream', () => {
  it('authenticates in the first message, then sends ready and a snapshot', async () => {
    const r = open();
    const ready = await r.hello(serverKey);
    expect(ready).toMatchObject({ environment: 'production', heartbeatMs: expect.any(Number), connectionId: expect.any(String) });
    const snap = await r.next('snapshot');
    expect(snap.version).toBe(ready.version);
    expect(snap.flags.map((f: any) => f.key).sort()).toEqual(['banner', 'server-only']);
    r.close();
  });

  it('pushes each committed change as a patch with the next version, and counts acks as landed', async () => {
    const r = open();
    const ready = await r.hello(serverKey);
    await r.next('snapshot');
    const kill = await s.post(`${prod('server-only')}/kill`, { reason: 'drill' });
    const patch = await r.next('patch');
    expect(patch).toMatchObject({ version: ready.version + 1, kind: 'flag', key: 'server-only' });
    expect(patch.data.killed.reason).toBe('drill');
    expect(kill.body.version).toBe(patch.version);
    const before = await s.get(`/api/v1/environments/production/delivery?version=${patch.version}`);
    expect(before.body.server).toEqual({ total: 1, applied: 0 });
    r.send({ type: 'ack', version: patch.version });
    await new Promise((res) => setTimeout(res, 50));
    const after = await s.get(`/api/v1/environments/production/delivery?version=${patch.version}`);
    expect(after.body.server).toEqual({ total: 1, applied: 1 });
    r.close();
  });

  it('resumes from lastVersion with only the missed changes, no snapshot', async () => {
    const first = open();
    const ready = await first.hello(serverKey);
    await first.next('snapshot');
    first.close();
    await s.post(`${prod('server-only')}/restore`, { reason: 'ok' });
    await s.post(`${prod('server-only')}/toggle`, { enabled: true, baseVersion: await version('server-only') });
    const again = open();
    const ready2 = await again.hello(serverKey, { lastVersion: ready.version });
    expect(ready2.version).toBe(ready.version + 2);
    const p1 = await again.next('patch');
    const p2 = await again.next('patch');
    expect([p1.version, p2.version]).toEqual([ready.version + 1, ready.version + 2]);
    expect(p2.data.enabled).toBe(true);
    expect(again.frames.some((f) => f.type === 'snapshot')).toBe(false);
    again.close();
  });

  it('aggregates evaluation summaries per flag, environment and variant', async () => {
    const r = open();
    await r.hello(serverKey);
    const summary = (n: number) => ({ type: 'summary', startedAt: Date.now() - 60_000, endedAt: Date.now(), counters: [{ flag: 'server-only', variant: 'on', count: n }, { flag: 'server-only', variant: null, count: 1 }] });
    r.send(summary(3));
    r.send(summary(4));
    r.send({ type: 'ping' });
    await r.next('pong');
    let items: any[] = [];
    // Both summaries are recorded asynchronously: wait until the second one has landed.
    for (let i = 0; i < 100 && items.find((e) => e.variant === 'on')?.count !== 7; i++) {
      await new Promise((res) => setTimeout(res, 20));
      items = (await s.get('/api/v1/flags/server-only/evaluations')).body.items;
    }
    expect(items).toEqual([
      { environment: 'production', variant: null, count: 2, firstEvaluatedAt: expect.any(String), lastEvaluatedAt: expect.any(String) },
      { environment: 'production', variant: 'on', count: 7, firstEvaluatedAt: expect.any(String), lastEvaluatedAt: expect.any(String) },
    ]);
    r.close();
  });

  it('sends a snapshot to a client ahead of the server (restored database)', async () => {
    const r = open();
    const ready = await r.hello(serverKey, { lastVersion: 10_000 });
    expect((await r.next('snapshot')).version).toBe(ready.version);
    r.close();
  });
});

describe('browser stream', () => {
  it('sends only client-side flag values for the context: no rules, no segments, no server-only flags', async () => {
    const r = open();
    await r.hello(clientKey, { context: { key: 'user-1', country: 'DE' } });
    const values = await r.next('values');
    expect(values).toMatchObject({ full: true, contextSeq: 0 });
    expect(Object.keys(values.values)).toEqual(['banner']);
    expect(values.values.banner).toMatchObject({ value: false, variant: 'off', reason: 'DISABLED' });
    await s.post(`${prod('banner')}/toggle`, { enabled: true, baseVersion: await version('banner') });
    const delta = await r.next('values');
    expect(delta).toMatchObject({ full: false, values: { banner: { value: true, variant: 'on' } } });
    await s.post(`${prod('server-only')}/kill`, { reason: 'not for browsers' });
    await s.patch('/api/v1/flags/server-only', { baseVersion: (await s.get('/api/v1/flags/server-only')).body.version, description: 'still server only' });
    await new Promise((res) => setTimeout(res, 100));
    for (const raw of r.rawFrames) {
      expect(raw).not.toContain('server-only');
      expect(raw).not.toMatch(/"rules"|"segments"|"targets"|"fallthrough"|"variations"/);
    }
    r.send({ type: 'context', seq: 1, context: { key: 'user-2' } });
    expect((await r.next('values')).contextSeq).toBe(1);
    r.close();
  });

  it('refuses a client key without context, and a server key with one', async () => {
    const a = open();
    await a.opened();
    a.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: clientKey });
    expect((await a.waitClosed()).code).toBe(4000);
    const b = open();
    await b.opened();
    b.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: serverKey, context: { key: 'x' } });
    expect((await b.waitClosed()).code).toBe(4000);
  });
});

describe('connection rules', () => {
  it('closes with 4001 when no hello arrives in time', async () => {
    const r = open();
    await r.opened();
    expect((await r.waitClosed()).code).toBe(4001);
    expect(r.frames.at(-1)).toMatchObject({ type: 'error', code: 'hello-timeout', retry: true });
  });

  it('closes an unknown key with 4003 and says not to retry', async () => {
    const r = open();
    await r.opened();
    r.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: 'sys_unknownunknownunknown' });
    expect((await r.waitClosed()).code).toBe(4003);
    expect(r.frames.at(-1)).toMatchObject({ type: 'error', code: 'invalid-key', retry: false });
  });

  it('closes malformed, binary and unsupported-protocol frames with the right codes', async () => {
    const bad = open();
    await bad.opened();
    bad.send('{not json');
    expect((await bad.waitClosed()).code).toBe(4000);
    const bin = open();
    await bin.opened();
    bin.socket.send(Buffer.from([1, 2, 3]));
    expect((await bin.waitClosed()).code).toBe(4000);
    const future = open();
    await future.opened();
    future.send({ type: 'hello', protocol: 99, sdk: { name: 't', version: '0' }, key: serverKey });
    expect((await future.waitClosed()).code).toBe(4010);
    const huge = open();
    await huge.opened();
    huge.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: 'x'.repeat(70_000) });
    expect((await huge.waitClosed()).code).toBe(1009);
  });

  it('closes a flooding client with 4008 and stays healthy for others', async () => {
    const flood = open();
    await flood.hello(serverKey);
    for (let i = 0; i < 50; i++) flood.send({ type: 'ping' });
    expect((await flood.waitClosed()).code).toBe(4008);
    const calm = open();
    await calm.hello(serverKey);
    calm.send({ type: 'ping' });
    await calm.next('pong');
    calm.close();
  });

  it('caps connections per key with 4009', async () => {
    const held = [open(), open(), open()];
    for (const r of held) await r.hello(serverKey);
    const extra = open();
    await extra.opened();
    extra.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: serverKey });
    expect((await extra.waitClosed()).code).toBe(4009);
    for (const r of held) r.close();
    await new Promise((res) => setTimeout(res, 50));
  });

  it('closes a revoked key with 4004 (no retry)', async () => {
    const r = open();
    await r.hello(serverKey);
    await s.post(`/api/v1/keys/${serverKeyId}/revoke`, { reason: 'leaked' });
    expect((await r.waitClosed()).code).toBe(4004);
    expect(r.frames.at(-1)).toMatchObject({ type: 'error', code: 'key-revoked', retry: false });
    const again = open();
    await again.opened();
    again.send({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key: serverKey });
    expect((await again.waitClosed()).code).toBe(4004);
  });
});

describe('metrics', () => {
  it('exposes connections, frames sent, change-to-push latency, summaries and audit writes', async () => {
    const r = open();
    const key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'metrics' })).body.secret;
    await r.hello(key);
    await r.next('snapshot');
    await s.post('/api/v1/flags', flagBody('metered'));
    await r.next('patch');
    r.send({ type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag: 'metered', variant: 'on', count: 1 }] });
    r.send({ type: 'ping' });
    await r.next('pong');
    const text = (await s.request('GET', '/metrics', { token: null })).raw;
    expect(text).toMatch(/^switchyard_stream_connections\{kind="server"\} [1-9]/m);
    expect(text).toMatch(/^switchyard_stream_messages_sent_total [1-9]/m);
    expect(text).toMatch(/^switchyard_change_to_push_seconds_count [1-9]/m);
    expect(text).toMatch(/^switchyard_evaluation_summaries_received_total [1-9]/m);
    expect(text).toMatch(/^switchyard_audit_writes_total\{action="flag.create"\} [1-9]/m);
    expect(text).toMatch(/^switchyard_store_seconds_count\{kind="transaction"\} [1-9]/m);
    expect(text).toMatch(/^switchyard_stream_connections_opened_total [1-9]/m);
    r.close();
  });

  it('counts refused stream messages by reason', async () => {
    const refused = () => counterByLabel(s, 'switchyard_stream_refused_total');
    const before = await refused();
    const bad = open();
    await bad.opened();
    bad.send('{not json');
    await bad.waitClosed();
    const huge = open();
    await huge.opened();
    huge.send('x'.repeat(70_000));
    await huge.waitClosed();
    const after = await refused();
    expect(after['bad-message']).toBe((before['bad-message'] ?? 0) + 1);
    expect(after['message-too-big']).toBe((before['message-too-big'] ?? 0) + 1);
  });
});
