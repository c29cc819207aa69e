import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserClient, type BrowserClient, type BrowserClientOptions, type ClientState } from '../src/index';
import { fakeWebSocket, on, quiet, type FakeSocket } from './fake-socket';

const clients: BrowserClient[] = [];
function client(extra: Partial<BrowserClientOptions> = {}) {
  const ws = fakeWebSocket();
  const c = createBrowserClient({ clientKey: 'cli-1', baseUrl: 'https://flags.test/base', context: { key: 'u' }, webSocket: ws.WebSocket, storage: null, logger: quiet, random: () => 0.5, ...extra });
  clients.push(c);
  const states: ClientState[] = [];
  c.onStatusChange((s) => states.push(s.state));
  return { c, ws, states };
}
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  vi.useRealTimers();
});

describe('reconnecting', () => {
  it('uses wss for an https base URL, with its path prefix', () => {
    const { ws } = client();
    expect(ws.last().url).toBe('wss://flags.test/base/sdk/v1/stream');
  });

  it('serves last-known-good values while disconnected, reports stale, and is ready again after resync', async () => {
    const { c, ws, states } = client();
    ws.last().accept({ a: on(true) });
    ws.last().serverClose(1006);
    expect(c.status()).toMatchObject({ state: 'stale', stale: true, lastClose: { code: 1006, reason: 'abnormal' } });
    expect(c.boolVariationDetail('a', false)).toEqual({ value: true, variant: 'on', reason: 'STATIC' });
    await vi.advanceTimersByTimeAsync(500); // attempt 0: 0.5 × 1 s
    expect(ws.sockets).toHaveLength(2);
    ws.last().accept({ a: on(false) });
    expect(c.boolVariation('a', true)).toBe(false);
    expect(states).toEqual(['ready', 'stale', 'ready']);
  });

  /** Closes the current socket as `close` does, then advances until a new one is opened: returns how long that took (to 100 ms). */
  async function waitAfter(ws: ReturnType<typeof fakeWebSocket>, close: (s: FakeSocket) => void): Promise<number> {
    close(ws.last());
    const before = ws.sockets.length;
    let waited = 0;
    while (ws.sockets.length === before) {
      await vi.advanceTimersByTimeAsync(100);
      waited += 100;
    }
    return waited;
  }

  it('backs off exponentially with full jitter while connections open and fail, and starts over once one got in sync', async () => {
    const { ws } = client({ random: () => 0.999 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++)
      waits.push(
        await waitAfter(ws, (s) => {
          s.open();
          s.serverClose(1006);
        }),
      );
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(await waitAfter(ws, (s) => s.accept({}).serverClose(1011))).toBe(1_000);
  });

  it('does not start over after a connection that got ready but never its values', async () => {
    const { ws } = client({ random: () => 0.999 });
    const ready = (s: FakeSocket) => {
      s.open();
      s.push({ type: 'ready', environment: 'production', version: 1, heartbeatMs: 15_000, connectionId: 'c-1' });
      s.serverClose(4000);
    };
    expect([await waitAfter(ws, ready), await waitAfter(ws, ready), await waitAfter(ws, ready)]).toEqual([1_000, 2_000, 4_000]);
  });

  it('retries at most 3 s apart while the server cannot be reached (connections never open), for a minute', async () => {
    const { ws } = client({ random: () => 0.999 });
    expect(await waitAfter(ws, (s) => s.accept({}).serverClose(1006))).toBe(1_000); // the server died
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) waits.push(await waitAfter(ws, (s) => s.serverClose(1006))); // refused: restarting
    expect(waits).toEqual([2_000, 3_000, 3_000, 3_000, 3_000, 3_000]);
  });

  it('never reconnects after a no-retry close code, reports failed and keeps serving values', async () => {
    for (const code of [4003, 4004, 4010]) {
      const { c, ws, states } = client();
      ws.last().accept({ a: on(true) });
      const pending = c.identify({ key: 'other' });
      ws.last().push({ type: 'error', code: 'key-revoked', message: 'The SDK key has been revoked.', retry: false });
      ws.last().serverClose(code);
      await expect(pending).rejects.toThrow(/failed/);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(ws.sockets).toHaveLength(1);
      expect(c.status()).toMatchObject({ state: 'failed', stale: true, lastClose: { code } });
      expect(states).toEqual(['ready', 'failed']);
      expect(c.boolVariation('a', false)).toBe(true);
      await expect(c.waitForReady(10)).rejects.toThrow(/failed/);
    }
  });

  it('reconnects after goaway.retryAfterMs without backoff and without counting an attempt', async () => {
    const { ws } = client({ random: () => 0.999 });
    ws.last().accept({});
    ws.last().push({ type: 'goaway', retryAfterMs: 250 });
    ws.last().serverClose(4012);
    await vi.advanceTimersByTimeAsync(249);
    expect(ws.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.sockets).toHaveLength(2);
  });

  it('refuses a frame meant for server keys: applies nothing, closes with 4000 and reconnects with backoff', async () => {
    const warnings: string[] = [];
    const { c, ws } = client({ logger: { warn: (m) => warnings.push(String(m)), error: () => undefined } });
    const s = ws.last().accept({ a: on(true) });
    s.push({ type: 'patch', version: 2, kind: 'segment', key: 'beta', data: { key: 'beta', name: 'b', description: '', included: [], excluded: [], rules: [], version: 1 } });
    expect(s.closedWith).toBe(4000);
    expect(warnings[0]).toMatch(/refused a server frame: type: patch messages are not used with client keys/);
    expect(c.status()).toMatchObject({ state: 'stale', lastClose: { code: 4000 } });
    expect(c.allFlags()).toEqual({ a: true });
    await vi.advanceTimersByTimeAsync(500);
    expect(ws.sockets).toHaveLength(2);
  });

  it('answers pings, pings every heartbeat, and drops a connection silent for two heartbeats', async () => {
    const { c, ws } = client();
    const s = ws.last().accept({}, 1, 1_000);
    s.push({ type: 'ping' });
    expect(s.sentOf('pong')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.sentOf('ping')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.sentOf('ping')).toHaveLength(2);
    expect(s.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000); // silent for 3 s > 2 heartbeats
    expect(s.closedWith).toBe(1000);
    expect(c.status()).toMatchObject({ state: 'stale', lastClose: { code: 1006 } });
  });

  it('gives up on an attempt that does not reach ready within connectTimeoutMs', async () => {
    const { ws } = client({ connectTimeoutMs: 3_000 });
    ws.last().open();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(ws.last().closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(ws.sockets).toHaveLength(2);
  });

  it('close() stops everything: no reconnect, waiters rejected, values still readable', async () => {
    const { c, ws, states } = client();
    ws.last().accept({ a: on(true) });
    c.close();
    expect(ws.last().closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ws.sockets).toHaveLength(1);
    expect(states).toEqual(['ready', 'closed']);
    expect(c.boolVariation('a', false)).toBe(true);
    await expect(c.identify({ key: 'x' })).rejects.toThrow(/closed/);
  });

  it('sends the last applied version in hello when it reconnects', async () => {
    const { ws } = client();
    ws.last().accept({}, 41);
    ws.last().serverClose(1001);
    await vi.advanceTimersByTimeAsync(500);
    ws.last().open();
    expect(ws.last().sentOf('hello')[0].lastVersion).toBe(41);
  });
});
