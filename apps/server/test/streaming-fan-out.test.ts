import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeRecord } from '../src/db/records';
import type { ConnectionRegistry } from '../src/features/streaming/connection-registry';
import { StreamConnection } from '../src/features/streaming/stream-connection';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import { streamFixture } from './support/stream-fixture';

// Fan-out off the request path: committed changes are applied to the hub's state at once, and sent
// on a later macrotask, batched per event-loop turn.

let s: TestServer;
let serverKey: string;
let clientKey: string;
const { open, closeAll, prod, toggle } = streamFixture(() => s);
const settle = (ms = 100) => new Promise((res) => setTimeout(res, ms));

/** Holds every published change until `release()`, which publishes them all in one tick: as if committed together. */
function holdPublishes(): { held: ChangeRecord[]; release(): void } {
  const feed = s.services.feed;
  const publish = feed.publish.bind(feed);
  const held: ChangeRecord[] = [];
  feed.publish = (change) => void held.push(change);
  return {
    held,
    release() {
      feed.publish = publish;
      for (const c of held) publish(c);
    },
  };
}

beforeAll(async () => {
  s = await startTestServer({ listen: true, stream: { maxConnectionsPerKey: 20 } });
  await s.post('/api/v1/flags', flagBody('svc'));
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('promo', { clientSide: true }));
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});
afterAll(async () => {
  closeAll();
  await s.close();
});

describe('batched fan-out', () => {
  it('sends changes committed in one tick as separate in-order patches, and one coalesced values frame per browser', async () => {
    const sdk = open();
    const ready = await sdk.hello(serverKey);
    await sdk.next('snapshot');
    const browser = open();
    await browser.hello(clientKey, { context: { key: 'u1' } });
    const full = await browser.next('values');
    expect(full.values).toMatchObject({ banner: { value: false }, promo: { value: false } });

    const hold = holdPublishes();
    const versions: number[] = [];
    versions.push(await toggle('banner', true));
    versions.push(await toggle('svc', true));
    versions.push(await toggle('promo', true));
    versions.push(await toggle('banner', false));
    versions.push(await toggle('banner', true));
    expect(versions).toEqual([1, 2, 3, 4, 5].map((i) => ready.version + i));
    expect(hold.held.map((c) => c.version)).toEqual(versions);
    hold.release();

    const patches = [];
    for (const _ of versions) patches.push(await sdk.next('patch'));
    expect(patches.map((p) => p.version)).toEqual(versions);
    expect(patches.map((p) => p.key)).toEqual(['banner', 'svc', 'promo', 'banner', 'banner']);
    expect(patches.at(-1).data.enabled).toBe(true);

    const delta = await browser.next('values');
    expect(delta).toMatchObject({ full: false, version: versions.at(-1), contextSeq: 0 });
    expect(Object.keys(delta.values).sort()).toEqual(['banner', 'promo']);
    expect(delta.values).toMatchObject({ banner: { value: true, variant: 'on' }, promo: { value: true, variant: 'on' } });
    await settle();
    expect(browser.frames.filter((f) => f.type === 'values')).toHaveLength(2); // the full values, then one delta
    expect(sdk.frames.filter((f) => f.type === 'patch')).toHaveLength(versions.length);
    sdk.close();
    browser.close();
  });

  it('gives a browser that no longer sees a flag one removal, and nothing for a change that ends where it began', async () => {
    const browser = open();
    await browser.hello(clientKey, { context: { key: 'u2' } });
    await browser.next('values');
    const hold = holdPublishes();
    await toggle('promo', false);
    await toggle('promo', true); // back to where it was
    await s.patch('/api/v1/flags/banner', { baseVersion: (await s.get('/api/v1/flags/banner')).body.version, clientSide: false });
    hold.release();
    const delta = await browser.next('values');
    expect(delta.values).toEqual({});
    expect(delta.removed).toEqual(['banner']);
    await s.patch('/api/v1/flags/banner', { baseVersion: (await s.get('/api/v1/flags/banner')).body.version, clientSide: true });
    expect((await browser.next('values')).values).toMatchObject({ banner: { value: true } });
    browser.close();
  });

  it('applies a change when it is committed but sends it on a later macrotask, after the API has answered', async () => {
    const sdk = open();
    await sdk.hello(serverKey);
    await sdk.next('snapshot');
    // Frames go out one by one (deliver) or prebuilt in one write (deliverWire): count both.
    const deliver = vi.spyOn(StreamConnection.prototype, 'deliver');
    const deliverWire = vi.spyOn(StreamConnection.prototype, 'deliverWire');
    const sends = () => deliver.mock.calls.length + deliverWire.mock.calls.length;
    try {
      let atPublish = -1;
      let afterMicrotasks = -1;
      const probe = s.services.feed.subscribe(() => {
        atPublish = sends();
        queueMicrotask(() => (afterMicrotasks = sends()));
      });
      const res = await s.app.inject({ method: 'POST', url: `${prod('svc')}/kill`, headers: { authorization: `Bearer ${s.tokens.admin}`, 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'drill' }) });
      probe();
      expect(res.statusCode).toBe(200);
      const killed = JSON.parse(res.body).version as number;
      expect(atPublish).toBe(0);
      expect(afterMicrotasks).toBe(0);
      // On the next turn, or within the fan-out's pacing interval when something was sent just before.
      await vi.waitFor(() => expect(deliver.mock.calls.some(([v]) => v === killed) || deliverWire.mock.calls.some(([v]) => v === killed)).toBe(true), { timeout: 1_000, interval: 1 });
      expect((await sdk.next('patch')).version).toBe(killed);
    } finally {
      deliver.mockRestore();
      deliverWire.mockRestore();
    }
    sdk.close();
  });

  it('loses nothing when a connection closes between the commit and the send: the resume replays it', async () => {
    const sdk = open();
    const ready = await sdk.hello(serverKey);
    await sdk.next('snapshot');
    const other = open();
    await other.hello(serverKey, { lastVersion: ready.version });
    const hold = holdPublishes();
    await s.post(`${prod('svc')}/restore`, { reason: 'ok' });
    const v2 = await toggle('svc', false);
    // The server side of the connection goes away after the changes are queued, before they are sent.
    const conns = (s.app.hub as unknown as { connections: ConnectionRegistry }).connections.inEnvironment('production')!;
    const serverSide = [...conns].find((c) => c.id === ready.connectionId)!;
    hold.release(); // queued, not yet sent
    (serverSide as unknown as { socket: { terminate(): void } }).socket.terminate();
    await settle();
    expect((await other.next('patch')).version).toBe(v2 - 1);
    expect((await other.next('patch')).version).toBe(v2);
    const again = open();
    const ready2 = await again.hello(serverKey, { lastVersion: ready.version });
    expect(ready2.version).toBe(v2);
    expect([(await again.next('patch')).version, (await again.next('patch')).version]).toEqual([v2 - 1, v2]);
    await settle();
    expect(again.frames.filter((f) => f.type === 'patch' || f.type === 'snapshot')).toHaveLength(2);
    other.close();
    again.close();
  });

  it('reads plain acks cheaply and refuses odd ones exactly as the full parser does', async () => {
    const sdk = open();
    await sdk.hello(serverKey);
    const snap = await sdk.next('snapshot');
    sdk.send(`{"type":"ack","version":${snap.version}}`);
    sdk.send(`{ "version": ${snap.version}, "type": "ack" }`);
    sdk.send({ type: 'ping' });
    await sdk.next('pong');
    expect((await s.get(`/api/v1/environments/production/delivery?version=${snap.version}`)).body.server).toMatchObject({ applied: 1 });
    for (const bad of ['{"type":"ack","version":-1}', '{"type":"ack","version":01}', '{"type":"ack","version":1.5}', '{"type":"ack","version":1,"x":1}']) {
      const r = open();
      await r.hello(serverKey);
      r.send(bad);
      expect((await r.waitClosed()).code, bad).toBe(4000);
    }
    const early = open();
    await early.opened();
    early.send('{"type":"ack","version":1}');
    expect((await early.waitClosed()).code).toBe(4000);
    expect(early.frames.at(-1)).toMatchObject({ type: 'error', message: 'The first message must be hello.' });
    sdk.close();
  });
});
