import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserClient, type BrowserClient, type BrowserClientOptions } from '../src/index';
import { fakeWebSocket, MemoryStorage, on, quiet } from './fake-socket';

const clients: BrowserClient[] = [];
function client(extra: Partial<BrowserClientOptions> = {}) {
  const ws = fakeWebSocket();
  const c = createBrowserClient({ clientKey: 'cli-1', baseUrl: 'http://flags.test/', context: { key: 'user-1' }, webSocket: ws.WebSocket, storage: null, logger: quiet, ...extra });
  clients.push(c);
  return { c, ws };
}
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  vi.useRealTimers();
});

describe('connecting', () => {
  it('opens the stream URL and authenticates in hello with the key and the context, never in the URL', () => {
    const { ws } = client();
    const s = ws.last();
    expect(s.url).toBe('ws://flags.test/sdk/v1/stream');
    s.open();
    expect(s.sent).toEqual([{ type: 'hello', protocol: 1, sdk: { name: '@switchyard/sdk-browser', version: '0.1.0' }, key: 'cli-1', context: { key: 'user-1' } }]);
  });

  it('is ready once full values arrive, and serves them synchronously', async () => {
    const { c, ws } = client();
    expect(c.status()).toMatchObject({ state: 'initializing', stale: true, source: 'none' });
    expect(c.boolVariationDetail('a', true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    ws.last().accept({ a: on(true) }, 7);
    await c.waitForReady(10);
    expect(c.status()).toMatchObject({ state: 'ready', stale: false, source: 'server', version: 7 });
    expect(c.boolVariation('a', false)).toBe(true);
    expect(c.boolVariationDetail('a', false)).toEqual({ value: true, variant: 'on', reason: 'STATIC' });
    expect(ws.last().sentOf('ack')).toEqual([{ type: 'ack', version: 7 }]);
  });

  it('rejects waitForReady after its timeout, and keeps serving defaults without throwing', async () => {
    const { c } = client();
    await expect(c.waitForReady(20)).rejects.toThrow(/not ready within 20 ms/);
    expect(c.stringVariation('x', 'dflt')).toBe('dflt');
  });

  it('throws only on misconfiguration', () => {
    const ws = fakeWebSocket().WebSocket;
    expect(() => createBrowserClient({ clientKey: '', baseUrl: 'http://x', context: {}, webSocket: ws })).toThrow(/clientKey/);
    expect(() => createBrowserClient({ clientKey: 'k', baseUrl: 'flags.test', context: {}, webSocket: ws })).toThrow(/baseUrl/);
    expect(() => createBrowserClient({ clientKey: 'k', baseUrl: 'http://x', context: null as never, webSocket: ws })).toThrow(/context/);
    expect(() => createBrowserClient({ clientKey: 'k', baseUrl: 'http://x', context: {} })).toThrow(/WebSocket/);
  });
});

describe('values and contextSeq', () => {
  it('applies deltas, reports the changed keys, and removes flags that went away', () => {
    const { c, ws } = client();
    const s = ws.last().accept({ a: on(false), b: on(true) });
    const seen: [string[], string][] = [];
    c.onChange((keys, cause) => seen.push([keys, cause]));
    const flagA: unknown[] = [];
    c.onFlagChange('a', (now, before) => flagA.push([now?.value, before?.value]));
    s.push({ type: 'values', version: 2, contextSeq: 0, full: false, values: { a: on(true) }, removed: ['b'] });
    s.push({ type: 'values', version: 3, contextSeq: 0, full: false, values: {} });
    expect(c.allFlags()).toEqual({ a: true });
    expect(seen).toEqual([[['a', 'b'], 'update']]);
    expect(flagA).toEqual([[true, false]]);
    expect(c.boolVariationDetail('b', false)).toEqual({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(c.status().version).toBe(3);
  });

  it('identify sends the next seq, ignores values still in flight for the old one, and resolves on full values for the new', async () => {
    const { c, ws } = client();
    const s = ws.last().accept({ a: on(false) });
    const causes: string[] = [];
    c.onChange((_k, cause) => causes.push(cause));
    let settled = false;
    const identified = c.identify({ key: 'user-2', plan: 'pro' }).then(() => (settled = true));
    expect(s.sentOf('context')).toEqual([{ type: 'context', seq: 1, context: { key: 'user-2', plan: 'pro' } }]);
    // A delta computed for user-1, already on the wire: never applied to user-2.
    s.push({ type: 'values', version: 2, contextSeq: 0, full: false, values: { a: on(true) } });
    await Promise.resolve();
    expect(c.boolVariation('a', true)).toBe(false);
    expect(settled).toBe(false);
    s.push({ type: 'values', version: 2, contextSeq: 1, full: true, values: { a: on(true), pro: on(true) } });
    await identified;
    expect(c.allFlags()).toEqual({ a: true, pro: true });
    expect(causes).toEqual(['identify']);
    expect(c.context()).toEqual({ key: 'user-2', plan: 'pro' });
    s.push({ type: 'values', version: 3, contextSeq: 1, full: false, values: { pro: on(false) } });
    expect(causes).toEqual(['identify', 'update']);
  });

  it('only the latest of overlapping identifies wins; earlier ones resolve with it', async () => {
    const { c, ws } = client();
    const s = ws.last().accept({});
    const first = c.identify({ key: 'u2' });
    const second = c.identify({ key: 'u3' });
    expect(s.sentOf('context').map((m) => m.seq)).toEqual([1, 2]);
    s.push({ type: 'values', version: 1, contextSeq: 1, full: true, values: { who: { value: 'u2', variant: 'a', reason: 'STATIC' } } });
    expect(c.allFlags()).toEqual({});
    s.push({ type: 'values', version: 1, contextSeq: 2, full: true, values: { who: { value: 'u3', variant: 'b', reason: 'STATIC' } } });
    await Promise.all([first, second]);
    expect(c.stringVariation('who', '')).toBe('u3');
  });

  it('an identify before ready is sent right after ready; values for the hello context are skipped', async () => {
    const { c, ws } = client();
    const s = ws.last();
    s.open();
    const done = c.identify({ key: 'late' });
    expect(s.sentOf('context')).toEqual([]);
    s.push({ type: 'ready', environment: 'production', version: 1, heartbeatMs: 15_000, connectionId: 'c' });
    expect(s.sentOf('context')).toEqual([{ type: 'context', seq: 1, context: { key: 'late' } }]);
    s.push({ type: 'values', version: 1, contextSeq: 0, full: true, values: { a: on(true) } });
    expect(c.status().state).toBe('initializing');
    s.push({ type: 'values', version: 1, contextSeq: 1, full: true, values: { a: on(false) } });
    await done;
    expect(c.boolVariation('a', true)).toBe(false);
  });

  it('an identify while disconnected goes in the next hello as context 0', async () => {
    vi.useFakeTimers();
    const { c, ws } = client({ random: () => 0 });
    ws.last().accept({});
    ws.last().serverClose(1006);
    const done = c.identify({ key: 'offline-switch' });
    await vi.advanceTimersByTimeAsync(1);
    const s = ws.last();
    expect(ws.sockets).toHaveLength(2);
    s.open();
    expect(s.sentOf('hello')[0].context).toEqual({ key: 'offline-switch' });
    s.push({ type: 'ready', environment: 'production', version: 1, heartbeatMs: 15_000, connectionId: 'c' });
    s.push({ type: 'values', version: 1, contextSeq: 0, full: true, values: { a: on(true) } });
    await done;
    expect(s.sentOf('context')).toEqual([]);
  });

  it('coalesces acks to one a second, acknowledging the highest version applied', async () => {
    vi.useFakeTimers();
    const { ws } = client();
    const s = ws.last().accept({}, 1);
    for (let v = 2; v <= 5; v++) s.push({ type: 'values', version: v, contextSeq: 0, full: false, values: {} });
    expect(s.sentOf('ack')).toEqual([{ type: 'ack', version: 1 }]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.sentOf('ack')).toEqual([{ type: 'ack', version: 1 }, { type: 'ack', version: 5 }]);
  });
});

describe('typed evaluation from the values held', () => {
  it('never throws: unknown flag, wrong type and served errors give the caller default', () => {
    const { c, ws } = client();
    ws.last().accept({
      flag: on(true),
      text: { value: 'beta', variant: 'b', reason: 'STATIC' },
      cfg: { value: { retries: 3 }, variant: 'cfg', reason: 'STATIC' },
      broken: { value: null, reason: 'ERROR', errorCode: 'GENERAL' },
      parse: { value: false, variant: 'off', reason: 'ERROR', errorCode: 'PARSE_ERROR' },
    });
    expect(c.stringVariationDetail('flag', 'fallback')).toEqual({ value: 'fallback', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(c.jsonVariationDetail('flag', { x: 1 })).toEqual({ value: { x: 1 }, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(c.numberVariationDetail('text', 0)).toEqual({ value: 0, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(c.jsonVariation('cfg', null)).toEqual({ retries: 3 });
    expect(c.boolVariationDetail('broken', false)).toEqual({ value: false, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(c.boolVariationDetail('parse', true)).toEqual({ value: false, variant: 'off', reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(c.numberVariationDetail('nope', 3)).toEqual({ value: 3, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('a throwing listener neither breaks the SDK nor the other listeners', () => {
    const errors: unknown[] = [];
    const { c, ws } = client({ logger: { warn: () => undefined, error: (...a) => errors.push(a) } });
    const s = ws.last().accept({ a: on(false) });
    const seen: string[][] = [];
    c.onChange(() => {
      throw new Error('boom');
    });
    c.onChange((keys) => seen.push(keys));
    s.push({ type: 'values', version: 2, contextSeq: 0, full: false, values: { a: on(true) } });
    expect(seen).toEqual([['a']]);
    expect(errors).toHaveLength(1);
    expect(c.boolVariation('a', false)).toBe(true);
  });
});

describe('bootstrap and storage', () => {
  it('serves a bootstrap at once, before and over cached values, and caches server values per client key and context', async () => {
    const storage = new MemoryStorage();
    const first = client({ storage, bootstrap: { a: on(true) } });
    expect(first.c.boolVariation('a', false)).toBe(true);
    expect(first.c.status().source).toBe('bootstrap');
    first.ws.last().accept({ a: on(false), b: on(true) }, 9);
    first.c.close();
    expect([...storage.map.keys()].join()).not.toContain('cli-1');
    expect([...storage.map.keys()].join()).not.toContain('user-1');

    const second = client({ storage });
    expect(second.c.status()).toMatchObject({ source: 'storage', version: 9, state: 'initializing' });
    expect(second.c.allFlags()).toEqual({ a: false, b: true });
    const otherUser = client({ storage, context: { key: 'user-2' } });
    expect(otherUser.c.status().source).toBe('none');
    const otherKey = client({ storage, clientKey: 'cli-2' });
    expect(otherKey.c.status().source).toBe('none');
    const boot = client({ storage, bootstrap: { a: on(true) } });
    expect(boot.c.allFlags()).toEqual({ a: true });
  });

  it('ignores an invalid bootstrap with a warning', () => {
    const warnings: unknown[] = [];
    const { c } = client({ bootstrap: { a: { value: 1, reason: 'STATIC', rules: [] } } as never, logger: { warn: (m) => warnings.push(m), error: () => undefined } });
    expect(c.status().source).toBe('none');
    expect(String(warnings[0])).toMatch(/ignoring the bootstrap/);
  });

  it('identify switches to values cached for the new context at once', async () => {
    const storage = new MemoryStorage();
    const a = client({ storage, context: { key: 'user-2' } });
    a.ws.last().accept({ who: { value: 'two', variant: 'b', reason: 'STATIC' } });
    a.c.close();
    const { c, ws } = client({ storage });
    ws.last().accept({ who: { value: 'one', variant: 'a', reason: 'STATIC' } });
    const causes: string[] = [];
    c.onChange((_k, cause) => causes.push(cause));
    c.identify({ key: 'user-2' }).catch(() => undefined); // rejected by close() at the end
    expect(c.stringVariation('who', '')).toBe('two');
    expect(causes).toEqual(['identify']);
  });
});

describe('SDK_INFO', () => {
  it('names this package and its version, as sent in hello', async () => {
    const { SDK_INFO } = await import('../src/index');
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(SDK_INFO).toEqual({ name: pkg.name, version: pkg.version });
  });
});
