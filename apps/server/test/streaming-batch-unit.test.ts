import { parseClientMessage, type ServedValue } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRecord } from '../src/db/records';
import { readAckFrame } from '../src/features/streaming/ack-frame';
import { ChangeBatch } from '../src/features/streaming/change-batch';
import { sameJson, sameServedValue, servedEntry } from '../src/features/streaming/client-values';
import { EnvironmentState, type AppliedChange } from '../src/features/streaming/environment-state';
import { FanOutQueue } from '../src/features/streaming/fan-out-queue';
import { wireFrame } from '../src/fast-paths/websocket-text-frame';
import { sendBatch } from '../src/features/streaming/send-batch';
import { StreamConnection } from '../src/features/streaming/stream-connection';
import { DEFAULT_STREAM_OPTIONS } from '../src/features/streaming/stream-options';

/** A stand-in for a ws socket: records frames, and each write reaching the TCP socket (corked frames leave together). */
function fakeSocket() {
  const writes: string[][] = [];
  let corks = 0;
  let pending: string[] = [];
  const flushPending = () => {
    if (pending.length) writes.push(pending);
    pending = [];
  };
  const socket = {
    OPEN: 1,
    CLOSED: 3,
    readyState: 1,
    binaryFlags: [] as boolean[],
    send(data: string | Buffer, opts?: { binary?: boolean }) {
      socket.binaryFlags.push(opts?.binary ?? typeof data !== 'string');
      pending.push(data.toString());
      if (corks === 0) flushPending();
    },
    _socket: {
      cork: () => void corks++,
      uncork: () => {
        corks--;
        if (corks === 0) flushPending();
      },
    },
    on: () => undefined,
    close: () => undefined,
    terminate: () => undefined,
  };
  return { socket, writes };
}

function connection(kind: 'server' | 'client') {
  const { socket, writes } = fakeSocket();
  const conn = new StreamConnection('c_test', socket as never, DEFAULT_STREAM_OPTIONS);
  conn.key = { id: 'k', kind, envKey: 'production' } as never;
  return { conn, writes, socket };
}

const flag = (key: string, enabled: boolean, clientSide = true) => ({
  key,
  clientSide,
  enabled,
  variationType: 'boolean',
  variations: [{ name: 'off', value: false }, { name: 'on', value: true }],
  offVariation: 0,
  fallthrough: { variation: 1 },
  targets: [],
  rules: [],
});

describe('batched sending', () => {
  const change = (version: number, key: string, payload: unknown): ChangeRecord =>
    ({ envKey: 'production', version, kind: 'flag', key, op: payload === null ? 'delete' : 'update', at: new Date().toISOString(), payload: payload === null ? null : JSON.stringify(payload) }) as ChangeRecord;

  function applyAll(state: EnvironmentState, changes: ChangeRecord[]): ChangeBatch {
    const batch = new ChangeBatch();
    for (const c of changes) batch.add(state.apply(c) as AppliedChange);
    return batch;
  }

  it('sends a server SDK every frame it lacks, in order, in one write; holds them while syncing', () => {
    const state = new EnvironmentState({ environment: 'production', version: 10, flags: [flag('a', false)] as never, segments: [] });
    const batch = applyAll(state, [change(11, 'a', flag('a', true)), change(12, 'a', flag('a', false)), change(13, 'b', flag('b', true))]);
    const live = connection('server');
    live.conn.goLive(10);
    const ahead = connection('server');
    ahead.conn.goLive(12); // e.g. it was sent a snapshot at 12 meanwhile
    const syncing = connection('server');
    syncing.conn.phase = 'syncing';
    sendBatch([live.conn, ahead.conn, syncing.conn], state, batch);
    expect(live.writes).toHaveLength(1);
    expect(live.writes[0]!.map((f) => JSON.parse(f).version)).toEqual([11, 12, 13]);
    expect(live.socket.binaryFlags).toEqual([false, false, false]); // shared bytes, sent as text frames
    expect(ahead.writes.flat().map((f) => JSON.parse(f).version)).toEqual([13]);
    expect(syncing.writes).toHaveLength(0);
    syncing.conn.goLive(11); // replayed up to 11 from the change log
    expect(syncing.writes).toHaveLength(1);
    expect(syncing.writes[0]!.map((f) => JSON.parse(f).version)).toEqual([12, 13]);
    expect(live.conn.sentVersion).toBe(13);
  });

  it('sends a browser one delta for a batch, evaluated at its last version, unless it already has that version', () => {
    const state = new EnvironmentState({ environment: 'production', version: 1, flags: [flag('a', false), flag('b', false), flag('c', false)] as never, segments: [] });
    const browser = connection('client');
    browser.conn.values = { a: { value: false, variant: 'off', reason: 'DISABLED' }, b: { value: false, variant: 'off', reason: 'DISABLED' }, c: { value: false, variant: 'off', reason: 'DISABLED' } };
    browser.conn.goLive(1);
    const fresh = connection('client');
    fresh.conn.goLive(4); // got full values at 4
    const batch = applyAll(state, [change(2, 'a', flag('a', true)), change(3, 'b', flag('b', true)), change(4, 'b', flag('b', false)), change(5, 'c', flag('c', false, false))]);
    sendBatch([browser.conn, fresh.conn], state, batch);
    expect(browser.writes.flat().map((f) => JSON.parse(f))).toEqual([
      { type: 'values', version: 5, contextSeq: 0, full: false, values: { a: { value: true, variant: 'on', reason: 'STATIC' } }, removed: ['c'] },
    ]);
    expect(Object.keys(browser.conn.values).sort()).toEqual(['a', 'b']);
    expect(fresh.writes.flat().map((f) => JSON.parse(f).version)).toEqual([5]);
    const again = connection('client');
    again.conn.goLive(5);
    sendBatch([again.conn], state, batch);
    expect(again.writes).toHaveLength(0);
  });

  it('writes a browser delta that parses to the values message, whatever changed, and none when nothing did', () => {
    const json = { ...flag('j', true), variationType: 'json', variations: [{ name: 'x', value: { quote: 'say "hi"\n', list: [1, null, 'é'] } }, { name: 'y', value: [] }], offVariation: 1, fallthrough: { variation: 0 } };
    const state = new EnvironmentState({ environment: 'production', version: 1, flags: [flag('a', false), flag('b.c_d-e', false), json] as never, segments: [] });
    const browser = connection('client');
    browser.conn.values = { a: { value: false, variant: 'off', reason: 'DISABLED' }, 'b.c_d-e': { value: false, variant: 'off', reason: 'DISABLED' } };
    browser.conn.contextSeq = 3;
    browser.conn.goLive(1);
    sendBatch([browser.conn], state, applyAll(state, [change(2, 'a', flag('a', true)), change(3, 'b.c_d-e', flag('b.c_d-e', true)), change(4, 'j', { ...json, version: 4 })]));
    const [delta] = browser.writes.flat().map((f) => JSON.parse(f));
    expect(delta).toEqual({
      type: 'values',
      version: 4,
      contextSeq: 3,
      full: false,
      values: {
        a: { value: true, variant: 'on', reason: 'STATIC' },
        'b.c_d-e': { value: true, variant: 'on', reason: 'STATIC' },
        j: { value: { quote: 'say "hi"\n', list: [1, null, 'é'] }, variant: 'x', reason: 'STATIC' },
      },
    });
    // The same values again (a change that serves what the browser has): no frame, and it counts as landed.
    browser.conn.ackedVersion = 4;
    sendBatch([browser.conn], state, applyAll(state, [change(5, 'a', flag('a', true))]));
    expect(browser.writes.flat()).toHaveLength(1);
    expect(browser.conn.sentVersion).toBe(4);
    expect(browser.conn.hasApplied(5)).toBe(true);
    // A later change that does concern it is sent as usual, at its own version.
    sendBatch([browser.conn], state, applyAll(state, [change(6, 'a', flag('a', false))]));
    expect(JSON.parse(browser.writes.flat()[1]!)).toEqual({ type: 'values', version: 6, contextSeq: 3, full: false, values: { a: { value: false, variant: 'off', reason: 'DISABLED' } } });
    expect(browser.conn.hasApplied(6)).toBe(false);
  });

  it('makes a result\'s served value and its JSON once, and shares them', () => {
    const state = new EnvironmentState({ environment: 'production', version: 1, flags: [flag('a', true)] as never, segments: [] });
    const one = servedEntry(state.evaluator.evaluate('a', { key: 'u1' }));
    const two = servedEntry(state.evaluator.evaluate('a', { key: 'u2' }));
    expect(two).toBe(one);
    expect(Object.isFrozen(one.served)).toBe(true);
    expect(JSON.parse(one.json)).toEqual(one.served);
    expect(one.served).toEqual({ value: true, variant: 'on', reason: 'STATIC' });
  });
});

describe('served value comparison', () => {
  it('compares JSON values deeply, primitives directly', () => {
    expect(sameJson(1, 1)).toBe(true);
    expect(sameJson(1, '1')).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([1, { a: [2] }], [1, { a: [2] }])).toBe(true);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: undefined as never }, { b: undefined as never })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({}, [])).toBe(false);
  });

  it('compares every field a browser sees', () => {
    const v: ServedValue = { value: { x: [1] }, variant: 'a', reason: 'SPLIT' };
    expect(sameServedValue(undefined, v)).toBe(false);
    expect(sameServedValue({ ...v, value: { x: [1] } }, v)).toBe(true);
    expect(sameServedValue({ ...v, variant: 'b' }, v)).toBe(false);
    expect(sameServedValue({ ...v, reason: 'TARGETING_MATCH' }, v)).toBe(false);
    expect(sameServedValue({ ...v, errorCode: 'GENERAL' }, v)).toBe(false);
  });
});

describe('ack fast path', () => {
  const variants = [
    '{"type":"ack","version":0}',
    '{"type":"ack","version":7}',
    '{"type":"ack","version":1234567890}',
    '{"type":"ack","version":999999999999999}',
    '{"type":"ack","version":9999999999999999}',
    '{"type":"ack","version":9007199254740993}',
    '{"type":"ack","version":00}',
    '{"type":"ack","version":01}',
    '{"type":"ack","version":-1}',
    '{"type":"ack","version":-0}',
    '{"type":"ack","version":1.0}',
    '{"type":"ack","version":1.5}',
    '{"type":"ack","version":1e3}',
    '{"type":"ack","version":"1"}',
    '{"type":"ack","version":}',
    '{"type":"ack","version":1 }',
    '{"type":"ack","version":1}\n',
    ' {"type":"ack","version":1}',
    '{"type":"ack","version":1,"version":2}',
    '{"type":"ack","version":1,"x":1}',
    '{"version":1,"type":"ack"}',
    '{"type":"Ack","version":1}',
    '{"type":"ack","version":1',
    '{"type":"ack","version":1}}',
    '{"type":"ack","version":١}',
    '{"type":"ack","version":null}',
  ];

  it('accepts exactly what the full parser accepts as the same ack, and leaves everything else to it', () => {
    for (const text of variants) {
      const fast = readAckFrame(Buffer.from(text));
      const full = parseClientMessage(text);
      if (fast !== undefined) expect(full, text).toEqual({ ok: true, message: { type: 'ack', version: fast } });
    }
    expect(readAckFrame(Buffer.from('{"type":"ack","version":42}'))).toBe(42);
    expect(readAckFrame(Buffer.from('{"type":"ack","version":0}'))).toBe(0);
  });

  it('agrees with the full parser on random digit strings and mutations', () => {
    const base = '{"type":"ack","version":';
    const chars = '0123456789-+.eE }"x,';
    for (let i = 0; i < 5_000; i++) {
      let tail = '';
      const n = 1 + Math.floor(Math.random() * 18);
      for (let j = 0; j < n; j++) tail += Math.random() < 0.85 ? String(Math.floor(Math.random() * 10)) : chars[Math.floor(Math.random() * chars.length)];
      const text = `${base}${tail}}`;
      const fast = readAckFrame(Buffer.from(text));
      if (fast !== undefined) expect(parseClientMessage(text), text).toEqual({ ok: true, message: { type: 'ack', version: fast } });
    }
  });
});

describe('FanOutQueue pacing', () => {
  const applied = (version: number): AppliedChange => ({ version, at: new Date().toISOString(), serverFrame: Buffer.from(`{"v":${version}}`), clientFlags: [], clientRemoved: [] }) as unknown as AppliedChange;

  // Fake timers and a fake clock: the pacing is checked by the queue's own clock, so a loaded machine
  // (a late turn, a slow setImmediate) cannot make the test see a send the queue did not decide on.
  const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
  afterEach(() => vi.useRealTimers());

  it('sends a change after a quiet spell on the next turn, and gathers a burst into one send per interval', async () => {
    fakeClock();
    const sends: { at: number; versions: number[] }[] = [];
    const queue = new FanOutQueue((_env, batch) => sends.push({ at: performance.now(), versions: batch.changes.map((c) => c.version) }), 40);
    const t0 = performance.now();
    queue.push('production', applied(1));
    expect(sends).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(sends).toEqual([{ at: t0, versions: [1] }]);
    // A burst right after: held until the interval since the last send has passed, then sent together.
    for (let v = 2; v <= 6; v++) {
      vi.advanceTimersByTime(5);
      queue.push('production', applied(v));
    }
    vi.advanceTimersByTime(14);
    expect(sends).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sends.map((s) => s.versions)).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(sends[1]!.at - sends[0]!.at).toBe(40);
    // Quiet again for longer than the interval: the next change goes out on the next turn.
    vi.advanceTimersByTime(100);
    queue.push('production', applied(7));
    vi.advanceTimersToNextTimer();
    expect(sends.map((s) => s.versions)).toEqual([[1], [2, 3, 4, 5, 6], [7]]);
    expect(sends[2]!.at - sends[1]!.at).toBe(100);
  });

  it('flush() sends at once and cancels the scheduled send', async () => {
    const sends: number[][] = [];
    const queue = new FanOutQueue((_env, batch) => sends.push(batch.changes.map((c) => c.version)), 40);
    queue.push('production', applied(1));
    queue.flush();
    queue.push('production', applied(2));
    queue.flush();
    await new Promise((r) => setTimeout(r, 60));
    expect(sends).toEqual([[1], [2]]);
  });
});

describe('wireFrame', () => {
  it('builds text frames a WebSocket client reads back exactly, at every length encoding', async () => {
    // ws's frame parser (exported at run time, not in its type declarations): what every client runs.
    type Receiver = { on(event: 'message', f: (data: Buffer, isBinary: boolean) => void): void; write(chunk: Buffer, cb: (err?: Error | null) => void): void };
    const { Receiver } = (await import('ws')) as unknown as { Receiver: new (o: { isServer: boolean; maxPayload: number }) => Receiver };
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]) {
      const payload = Buffer.from('x'.repeat(n));
      const received: { data: Buffer; isBinary: boolean }[] = [];
      const receiver = new Receiver({ isServer: false, maxPayload: 1 << 20 });
      receiver.on('message', (data: Buffer, isBinary: boolean) => received.push({ data, isBinary }));
      const frame = wireFrame(payload);
      await new Promise<void>((resolve, reject) => receiver.write(frame, (err?: Error | null) => (err ? reject(err) : resolve())));
      expect(received, `length ${n}`).toHaveLength(1);
      expect(received[0]!.isBinary).toBe(false);
      expect(received[0]!.data.equals(payload)).toBe(true);
      expect(frame.length).toBe(n + (n < 126 ? 2 : n < 65_536 ? 4 : 10));
    }
  });
});
