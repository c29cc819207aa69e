import { PROTOCOL_VERSION, type ServerMessage } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppliedEvent, ClientErrorEvent, FlagChange, StaleEvent } from '../src/events/client-events';
import { fakeClient } from './support/fake-platform';
import type { FakeSocket } from './support/fake-transport';
import { boolFlag } from './support/flags';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const ready = (version: number, heartbeatMs = 15_000): ServerMessage => ({ type: 'ready', environment: 'production', version, heartbeatMs, connectionId: 'c-1' });
const snapshot = (version: number, flags = [boolFlag('a', { version })]): ServerMessage => ({ type: 'snapshot', version, flags, segments: [] });
const toggleA = (version: number, enabled: boolean): ServerMessage => ({ type: 'patch', version, kind: 'flag', key: 'a', data: boolFlag('a', { enabled, version }) });

/** Opens the socket and plays ready + snapshot at `version`. */
function sync(socket: FakeSocket, version = 5): void {
  socket.open();
  socket.receive(ready(version));
  socket.receive(snapshot(version));
}

describe('stream client: connecting', () => {
  it('opens the stream endpoint with no key in the URL and authenticates in the first message', () => {
    const { last } = fakeClient({ sdkKey: 'sys_secret-key', baseUrl: 'https://flags.example.com/base/' });
    const socket = last();
    expect(socket.url).toBe('wss://flags.example.com/base/sdk/v1/stream');
    expect(socket.url).not.toContain('sys_');
    socket.open();
    expect(socket.sent).toEqual([{ type: 'hello', protocol: PROTOCOL_VERSION, sdk: { name: '@switchyard/sdk-node', version: '0.1.0' }, key: 'sys_secret-key' }]);
  });

  it('serves the caller default with PROVIDER_NOT_READY until the first sync, then is ready', async () => {
    const { client, last } = fakeClient();
    expect(client.status()).toBe('initializing');
    expect(client.boolVariationDetail('a', { key: 'u' }, false)).toEqual({ value: false, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    const readyEvents: unknown[] = [];
    client.on('ready', (e) => readyEvents.push(e));
    const waiting = client.waitForReady(5_000);
    sync(last(), 5);
    expect(await waiting).toBe(true);
    expect(client.status()).toBe('ready');
    expect(readyEvents).toEqual([{ version: 5, environment: 'production' }]);
    expect(client.boolVariationDetail('a', { key: 'u' }, false)).toMatchObject({ value: true, variant: 'on', reason: 'STATIC' });
    expect(client.diagnostics()).toMatchObject({ connectionId: 'c-1', environment: 'production', version: 5, snapshots: 1, connections: 1 });
  });

  it('answers PROVIDER_NOT_READY from every typed method before the first sync, and FLAG_NOT_FOUND for an unknown flag after it', () => {
    const { client, last } = fakeClient();
    const notReady = { reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' };
    expect(client.stringVariationDetail('a', { key: 'u' }, 'x')).toEqual({ value: 'x', ...notReady });
    expect(client.numberVariationDetail('a', { key: 'u' }, 3)).toEqual({ value: 3, ...notReady });
    expect(client.jsonVariationDetail('a', { key: 'u' }, { j: 1 })).toEqual({ value: { j: 1 }, ...notReady });
    expect(client.boolVariation('missing', { key: 'u' }, true)).toBe(true);
    sync(last(), 5);
    expect(client.boolVariationDetail('missing', { key: 'u' }, true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(client.stringVariationDetail('a', { key: 'u' }, 'x')).toEqual({ value: 'x', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
  });

  it('acks the snapshot within 50 ms', async () => {
    const { last } = fakeClient();
    sync(last(), 5);
    await vi.advanceTimersByTimeAsync(50);
    expect(last().sentOfType('ack')).toEqual([{ type: 'ack', version: 5 }]);
  });

  it('sends nothing but hello before ready, then answers pings at once and pings every heartbeatMs', async () => {
    const { last } = fakeClient();
    const socket = last();
    socket.open();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(socket.sent.map((m) => m.type)).toEqual(['hello']);
    socket.receive(ready(1, 1_000));
    socket.receive(snapshot(1));
    socket.receive({ type: 'ping' });
    expect(socket.sentOfType('pong')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.sentOfType('ping')).toHaveLength(1);
  });

  it('waitForReady resolves false on timeout, without rejecting', async () => {
    const { client } = fakeClient();
    const waiting = client.waitForReady(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await waiting).toBe(false);
  });
});

describe('stream client: versions', () => {
  it('applies patches in order with applied and change events; ignores duplicates', () => {
    const { client, last } = fakeClient();
    sync(last(), 5);
    const applied: AppliedEvent[] = [];
    const changes: FlagChange[] = [];
    const changesOfA: FlagChange[] = [];
    client.on('applied', (e) => applied.push(e));
    client.on('change', (e) => changes.push(e));
    client.on('change:a', (e) => changesOfA.push(e));
    last().receive(toggleA(6, false));
    last().receive(toggleA(6, false));
    last().receive({ type: 'delete', version: 7, kind: 'flag', key: 'a' });
    expect(applied).toEqual([
      { kind: 'patch', version: 6, origin: 'stream', item: { kind: 'flag', key: 'a' }, changed: ['a'] },
      { kind: 'delete', version: 7, origin: 'stream', item: { kind: 'flag', key: 'a' }, changed: ['a'] },
    ]);
    expect(changes).toEqual([{ key: 'a', version: 6 }, { key: 'a', version: 7 }]);
    expect(changesOfA).toEqual(changes);
    expect(client.diagnostics()).toMatchObject({ changes: 2, duplicates: 1, version: 7 });
    expect(client.boolVariationDetail('a', {}, true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('on a gap applies nothing, closes with 1000 resync and reconnects at once resuming from the last version', async () => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    last().receive(toggleA(6, false));
    last().receive(toggleA(8, true));
    expect(client.diagnostics()).toMatchObject({ version: 6, gaps: 1 });
    expect(client.boolVariation('a', {}, true)).toBe(false);
    expect(sockets[0]!.closedByClient).toEqual({ code: 1000, reason: 'resync' });
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    const again = last();
    again.open();
    expect(again.sent[0]).toMatchObject({ type: 'hello', lastVersion: 6 });
    again.receive(ready(8));
    expect(client.status()).not.toBe('ready');
    again.receive(toggleA(7, false));
    again.receive(toggleA(8, true));
    expect(client.status()).toBe('ready');
    expect(client.boolVariation('a', {}, false)).toBe(true);
    expect(client.diagnostics()).toMatchObject({ snapshots: 1, changes: 3, version: 8 });
  });

  it('backs off when resyncs repeat without progress', async () => {
    const { last, sockets } = fakeClient();
    sync(last(), 5);
    last().receive(toggleA(7, true));
    await vi.advanceTimersByTimeAsync(1);
    last().open();
    last().receive(ready(9));
    last().receive(toggleA(9, true)); // still a gap: no progress since the last resync
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500); // backoffDelayMs(0, () => 0.5)
    expect(sockets).toHaveLength(3);
  });

  it('resumed at the current version, it is in sync at ready with no snapshot', async () => {
    const { client, last } = fakeClient();
    sync(last(), 5);
    last().serverClose(1006);
    expect(client.status()).toBe('stale');
    await vi.advanceTimersByTimeAsync(500);
    last().open();
    expect(last().sent[0].lastVersion).toBe(5);
    last().receive(ready(5));
    expect(client.status()).toBe('ready');
    expect(client.diagnostics().snapshots).toBe(1);
  });

  it('a snapshot on resume (too far behind) replaces everything and reports what changed', async () => {
    const { client, last } = fakeClient();
    sync(last(), 5);
    last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    const changes: string[] = [];
    client.on('change', (c) => changes.push(c.key));
    last().open();
    last().receive(ready(2_000));
    last().receive(snapshot(2_000, [boolFlag('a', { version: 1_999, enabled: false }), boolFlag('b')]));
    expect(changes.sort()).toEqual(['a', 'b']);
    expect(client.status()).toBe('ready');
  });
});

describe('stream client: losing the connection', () => {
  it('serves last-known-good while stale, reconnecting with backoff and full jitter', async () => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    const stale: StaleEvent[] = [];
    client.on('stale', (e) => stale.push(e));
    last().fail('read ECONNRESET');
    expect(client.status()).toBe('stale');
    expect(stale).toEqual([{ reason: 'abnormal', message: 'read ECONNRESET' }]);
    expect(client.boolVariationDetail('a', {}, false)).toMatchObject({ value: true, reason: 'STATIC' });
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2); // attempt 0: 0.5 × 1 s
    last().fail();
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3); // attempt 1: 0.5 × 2 s
    expect(stale).toHaveLength(1); // stale once, not per attempt
    sync(last(), 5);
    expect(client.status()).toBe('ready');
  });

  it('never synced and cannot connect: stays initializing, no stale event', async () => {
    const { client, last } = fakeClient();
    const stale = vi.fn();
    client.on('stale', stale);
    last().fail();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.status()).toBe('initializing');
    expect(stale).not.toHaveBeenCalled();
  });

  it('a server silent for 2 × heartbeatMs is dropped and reconnected', async () => {
    const { client, last, sockets } = fakeClient();
    const socket = last();
    socket.open();
    socket.receive(ready(5, 1_000));
    socket.receive(snapshot(5));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(socket.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.terminated).toBe(true);
    expect(client.status()).toBe('stale');
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
  });

  it('goaway: reconnects after retryAfterMs, resuming', async () => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    const stale: StaleEvent[] = [];
    client.on('stale', (e) => stale.push(e));
    last().receive({ type: 'goaway', retryAfterMs: 2_500 });
    last().serverClose(4012, 'going-away');
    expect(stale[0]!.reason).toBe('going-away');
    await vi.advanceTimersByTimeAsync(2_499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent[0].lastVersion).toBe(5);
  });

  it.each([
    [4003, 'invalid-key'],
    [4004, 'key-revoked'],
    [4010, 'unsupported-protocol'],
  ] as const)('close %i: stops for good, status error, says why, keeps last-known-good', async (code, reason) => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    const errors: ClientErrorEvent[] = [];
    client.on('error', (e) => errors.push(e));
    last().receive({ type: 'error', code: reason, message: `server says ${reason}`, retry: false });
    last().serverClose(code, reason);
    expect(client.status()).toBe('error');
    expect(errors).toEqual([{ reason, code, message: `server says ${reason} (close code ${code}; not retrying)` }]);
    expect(client.lastError()).toEqual(errors[0]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sockets).toHaveLength(1);
    expect(client.boolVariation('a', {}, false)).toBe(true);
    expect(await client.waitForReady(1_000)).toBe(false);
  });

  it('a refused key before any data: waitForReady resolves false at once', async () => {
    const { client, last } = fakeClient();
    const waiting = client.waitForReady(60_000);
    last().open();
    last().receive({ type: 'error', code: 'invalid-key', message: 'The SDK key is not valid for any environment.', retry: false });
    last().serverClose(4003, 'invalid-key');
    expect(await waiting).toBe(false);
  });

  it.each([
    ['not JSON', '{nope'],
    ['a values message (browser only)', JSON.stringify({ type: 'values', version: 6, contextSeq: 0, full: true, values: {} })],
    ['an unknown field', JSON.stringify({ type: 'ping', extra: 1 })],
  ])('refuses a frame that is %s: applies nothing, closes 4000, reconnects with backoff', async (_name, frame) => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    last().receive(frame);
    expect(sockets[0]!.closedByClient).toEqual({ code: 4000, reason: 'bad-message' });
    expect(client.status()).toBe('stale');
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
  });

  it('refuses a snapshot before ready', () => {
    const { last } = fakeClient();
    last().open();
    last().receive(snapshot(3));
    expect(last().closedByClient).toEqual({ code: 4000, reason: 'bad-message' });
  });
});

describe('stream client: summaries and closing', () => {
  it('sends evaluation counts as summary messages every flushIntervalMs', async () => {
    const { client, last } = fakeClient({ summaries: { flushIntervalMs: 1_000 } });
    sync(last(), 5);
    for (let i = 0; i < 3; i++) client.boolVariation('a', { key: `u${i}` }, false);
    client.boolVariation('missing', {}, false);
    await vi.advanceTimersByTimeAsync(1_000);
    const [summary] = last().sentOfType('summary');
    expect(summary.counters).toEqual([
      { flag: 'a', variant: 'on', count: 3, version: 5 },
      { flag: 'missing', variant: null, count: 1 },
    ]);
    expect(summary.endedAt).toBeGreaterThanOrEqual(summary.startedAt);
  });

  it('keeps the counts while disconnected and sends them once back', async () => {
    const { client, last } = fakeClient({ summaries: { flushIntervalMs: 1_000 } });
    sync(last(), 5);
    client.boolVariation('a', {}, false);
    last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    sync(last(), 5);
    client.boolVariation('a', {}, false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(last().sentOfType('summary').map((s) => s.counters)).toEqual([[{ flag: 'a', variant: 'on', count: 2, version: 5 }]]);
  });

  it('close() sends the last summary, closes normally, stops reconnecting; values are still served', async () => {
    const { client, last, sockets } = fakeClient();
    sync(last(), 5);
    client.boolVariation('a', {}, false);
    await client.close();
    expect(last().sentOfType('summary')).toHaveLength(1);
    expect(last().closedByClient).toEqual({ code: 1000, reason: 'client closing' });
    expect(client.status()).toBe('closed');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sockets).toHaveLength(1);
    expect(client.boolVariation('a', {}, false)).toBe(true);
    expect(await client.waitForReady(10)).toBe(false);
  });

  it('summaries: false counts nothing', async () => {
    const { client, last } = fakeClient({ summaries: false });
    sync(last(), 5);
    client.boolVariation('a', {}, false);
    await client.close();
    expect(last().sentOfType('summary')).toHaveLength(0);
    expect(client.flushSummaries()).toBe(false);
  });
});
