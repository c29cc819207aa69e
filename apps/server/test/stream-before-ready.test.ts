import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from './support/log-capture';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

// Issue 26, item 11: until the server has looked the key up and said `ready`, nothing but `hello` is
// read, and nothing an unauthenticated client sends makes the server log above `warn`.

const WARN = 40;
const logs = captureLogs();
let s: TestServer;
let serverKey: string;
let clientKey: string;
const { open, closeAll } = streamFixture(() => s);

const hello = (key: string, extra: Record<string, unknown> = {}) => ({ type: 'hello', protocol: 1, sdk: { name: 'raw-test', version: '0' }, key, ...extra });
const summary = (flag: string) => ({ type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag, variant: 'on', count: 5 }] });
const evaluations = async (flag: string) => (await s.get(`/api/v1/flags/${flag}/evaluations`)).body.items as unknown[];

beforeAll(async () => {
  s = await startTestServer({ listen: true, logger: logs.logger });
  await s.post('/api/v1/flags', flagBody('checkout', { clientSide: true }));
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
});
afterAll(async () => {
  closeAll();
  await s.close();
});

describe('messages sent before ready', () => {
  it('refuses a summary sent in the same write as hello with 4000, records nothing, and logs nothing above warn', async () => {
    for (const key of [serverKey, clientKey, 'sys_unknownunknownunknown']) {
      const r = open();
      await r.sendInOneWrite(hello(key, key === clientKey ? { context: { key: 'u1' } } : {}), summary('checkout'));
      const closed = await r.waitClosed();
      expect(closed.code, `key ${key.slice(0, 4)}`).toBe(4000);
      expect(r.frames.find((f) => f.type === 'ready'), 'no ready after a refused connection').toBeUndefined();
      expect(r.frames.at(-1)).toMatchObject({ type: 'error', code: 'bad-message', retry: true });
    }
    // The key lookups have finished by now: a later failure would be logged already.
    const healthy = open();
    await healthy.hello(serverKey);
    healthy.close();
    expect(await evaluations('checkout')).toEqual([]);
    expect(logs.above(WARN), JSON.stringify(logs.above(WARN))).toEqual([]);
  });

  it('refuses every other message type sent with hello in one write, the same way', async () => {
    for (const next of [{ type: 'ack', version: 1 }, { type: 'ping' }, { type: 'pong' }, { type: 'context', seq: 1, context: { key: 'u2' } }, hello(serverKey)]) {
      const r = open();
      await r.sendInOneWrite(hello(clientKey, { context: { key: 'u1' } }), next);
      expect((await r.waitClosed()).code, next.type).toBe(4000);
      expect(r.frames.some((f) => f.type === 'ready' || f.type === 'values' || f.type === 'pong'), next.type).toBe(false);
    }
    expect(logs.above(WARN)).toEqual([]);
  });

  it('reads messages sent after ready as before', async () => {
    const r = open();
    await r.hello(serverKey);
    r.send(summary('checkout'));
    r.send({ type: 'ping' });
    await r.next('pong');
    for (let i = 0; i < 100 && (await evaluations('checkout')).length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(await evaluations('checkout')).toMatchObject([{ environment: 'production', variant: 'on', count: 5 }]);
    r.close();
  });
});
