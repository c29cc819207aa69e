import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterByLabel } from './support/metrics-reader';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

// Issue 26, item 8: an SDK key writes evaluation counts only for flags it may see — every flag of its
// environment for a server key, client-side ones for a client key (which ships in every page) — with
// the flag's own variants, within a bound per message and per connection; what is dropped shows in /metrics.

let s: TestServer;
let serverKey: string;
let clientKey: string;
const { open, closeAll } = streamFixture(() => s);
const PER_MINUTE = { server: 4, client: 2 };

type Counter = { flag: string; variant: string | null; count: number };
const summary = (counters: Counter[]) => ({ type: 'summary', startedAt: Date.now() - 60_000, endedAt: Date.now(), counters });

/**
 * Every evaluation count recorded, as `flag/variant=count`, once each of `expected` is among them or
 * 3 s have passed: summaries are written asynchronously, one transaction each.
 */
async function recorded(expected: string[]): Promise<string[]> {
  let rows: string[] = [];
  for (let i = 0; i < 150; i++) {
    rows = (await s.database.db.read((st) => st.evaluations.listAll())).map((r) => `${r.flagKey}/${r.variant || 'null'}=${r.count}`).sort();
    if (expected.every((e) => rows.includes(e))) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  return rows;
}

const dropped = () => counterByLabel(s, 'switchyard_evaluation_summary_counters_dropped_total');

/** Sends the frames, then a ping: once the pong is back, the server has read them all. */
async function sendAll(r: ReturnType<typeof open>, frames: unknown[]): Promise<void> {
  for (const f of frames) r.send(f);
  r.send({ type: 'ping' });
  await r.next('pong');
}

beforeAll(async () => {
  s = await startTestServer({ listen: true, stream: { summariesPerMinute: PER_MINUTE, messagesPerSecond: 100, messageBurst: 100 } });
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('internal-billing'));
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});
afterAll(async () => {
  closeAll();
  await s.close();
});

describe('evaluation summaries', () => {
  it('records from a client key only client-side flags with their own variants; server-only flags and made-up keys are dropped and counted', async () => {
    const r = open();
    await r.hello(clientKey, { context: { key: 'visitor' } });
    const madeUp = Array.from({ length: 1_000 }, (_, i) => ({ flag: `made-up-${i}`, variant: 'on', count: 1_000_000 }));
    await sendAll(r, [
      summary([
        { flag: 'banner', variant: 'on', count: 3 },
        { flag: 'banner', variant: null, count: 1 },
        { flag: 'banner', variant: 'made-up-variant', count: 9 },
        { flag: 'internal-billing', variant: 'on', count: 500 },
      ]),
      summary(madeUp),
    ]);
    expect(await recorded(['banner/null=1', 'banner/on=3'])).toEqual(['banner/null=1', 'banner/on=3']);
    expect(await dropped()).toMatchObject({ 'unknown-flag': 1_000, 'not-client-side': 1, 'unknown-variant': 1 });
    expect((await s.get('/api/v1/flags/internal-billing/evaluations')).body.items).toEqual([]);
    r.close();
  });

  it('records from a server key every flag of its environment, and drops flags that do not exist', async () => {
    const before = await dropped();
    const r = open();
    await r.hello(serverKey);
    await sendAll(r, [summary([{ flag: 'internal-billing', variant: 'off', count: 7 }, { flag: 'no-such-flag', variant: null, count: 2 }])]);
    expect(await recorded(['internal-billing/off=7'])).toEqual(['banner/null=1', 'banner/on=3', 'internal-billing/off=7']);
    expect((await dropped())['unknown-flag']).toBe((before['unknown-flag'] ?? 0) + 1);
    r.close();
  });

  it('bounds the summaries of one connection per minute, by key kind: the rest are dropped and counted', async () => {
    const before = await dropped();
    const browser = open();
    await browser.hello(clientKey, { context: { key: 'visitor-2' } });
    const one = summary([{ flag: 'banner', variant: 'off', count: 1 }]);
    await sendAll(browser, Array.from({ length: 5 }, () => one));
    expect(await recorded([`banner/off=${PER_MINUTE.client}`])).toContain(`banner/off=${PER_MINUTE.client}`);
    expect((await dropped())['rate-limited']).toBe((before['rate-limited'] ?? 0) + 5 - PER_MINUTE.client);

    const service = open();
    await service.hello(serverKey);
    const two = summary([{ flag: 'internal-billing', variant: 'on', count: 1 }, { flag: 'banner', variant: 'on', count: 1 }]);
    await sendAll(service, Array.from({ length: 6 }, () => two));
    const expected = [`internal-billing/on=${PER_MINUTE.server}`, `banner/on=${3 + PER_MINUTE.server}`];
    expect(await recorded(expected)).toEqual(expect.arrayContaining(expected));
    expect((await dropped())['rate-limited']).toBe((before['rate-limited'] ?? 0) + 5 - PER_MINUTE.client + 2 * (6 - PER_MINUTE.server));
    browser.close();
    service.close();
  });

  it('refuses a summary of more than 1,000 counters whole, with 4000 and the path', async () => {
    const r = open();
    await r.hello(serverKey);
    r.send(summary(Array.from({ length: 1_001 }, () => ({ flag: 'banner', variant: 'on', count: 1 }))));
    expect((await r.waitClosed()).code).toBe(4000);
    expect(r.frames.at(-1)).toMatchObject({ type: 'error', code: 'bad-message', path: ['counters'] });
  });
});
