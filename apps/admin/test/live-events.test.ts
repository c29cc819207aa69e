import { describe, expect, it } from 'vitest';
import { concerns, connectLive, parseChangeEvent, RECONNECT_MAX_MS, RECONNECT_MIN_MS, type EventSourceLike, type LiveSignal, type LiveStatus } from '../src/app/live-events';

const change = { environment: 'production', version: 7, kind: 'flag', key: 'new-checkout', op: 'upsert', at: '2026-01-01T00:00:00.000Z' };

describe('change events', () => {
  it('parse the server’s event data', () => {
    expect(parseChangeEvent(JSON.stringify(change))).toEqual(change);
    expect(parseChangeEvent(JSON.stringify({ ...change, kind: 'segment', op: 'delete' }))).toMatchObject({ kind: 'segment', op: 'delete' });
  });

  it('drop anything malformed instead of throwing', () => {
    for (const bad of [
      '',
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...change, kind: 'environment' }),
      JSON.stringify({ ...change, op: 'patch' }),
      JSON.stringify({ ...change, version: '7' }),
      JSON.stringify({ key: 'x' }),
    ])
      expect(parseChangeEvent(bad)).toBeNull();
    expect(parseChangeEvent(undefined)).toBeNull();
  });

  it('concern a page by kind, key and environment; a resync concerns every page', () => {
    const signal: LiveSignal = { type: 'change', change: parseChangeEvent(JSON.stringify(change))! };
    expect(concerns({}, signal)).toBe(true);
    expect(concerns({ kind: 'flag', key: 'new-checkout' }, signal)).toBe(true);
    expect(concerns({ kind: 'flag', key: 'new-checkout', environment: 'staging' }, signal)).toBe(false);
    expect(concerns({ kind: 'segment' }, signal)).toBe(false);
    expect(concerns({ kind: 'flag', key: 'other' }, signal)).toBe(false);
    expect(concerns({ kind: 'segment', key: 'nobody' }, { type: 'resync' })).toBe(true);
  });
});

/** A stand-in for the browser's EventSource, driven by the test. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  closed = false;
  private listeners: ((ev: { data: unknown }) => void)[] = [];
  constructor(readonly url: string) {}
  addEventListener(_type: 'change', listener: (ev: { data: unknown }) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  emit(data: unknown): void {
    for (const l of this.listeners) l({ data });
  }
  /** The browser lost the stream and retries by itself (readyState CONNECTING). */
  drop(): void {
    this.readyState = 0;
    this.onerror?.(undefined as never);
  }
  /** The browser gave up (an HTTP error answer): readyState CLOSED. */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(undefined as never);
  }
}

function harness() {
  let probes = 0;
  const sources: FakeSource[] = [];
  const signals: LiveSignal[] = [];
  const statuses: LiveStatus[] = [];
  const timers: { f: () => void; ms: number; cleared: boolean }[] = [];
  const connection = connectLive({
    url: '/api/v1/events',
    open: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s;
    },
    onSignal: (s) => signals.push(s),
    onStatus: (s) => statuses.push(s),
    probe: () => void probes++,
    setTimer: (f, ms) => {
      const t = { f, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void ((t as { cleared: boolean }).cleared = true),
  });
  return { sources, signals, statuses, timers, connection, probes: () => probes };
}

describe('the live connection', () => {
  it('opens one stream, resyncs on open, and passes changes on', () => {
    const h = harness();
    expect(h.sources).toHaveLength(1);
    expect(h.sources[0]!.url).toBe('/api/v1/events');
    expect(h.statuses).toEqual(['connecting']);
    h.sources[0]!.open();
    expect(h.statuses.at(-1)).toBe('live');
    expect(h.signals).toEqual([{ type: 'resync' }]);
    h.sources[0]!.emit(JSON.stringify(change));
    h.sources[0]!.emit('garbage');
    expect(h.signals).toEqual([{ type: 'resync' }, { type: 'change', change }]);
  });

  it('lets the browser retry a dropped stream, and resyncs when it is back', () => {
    const h = harness();
    h.sources[0]!.open();
    h.sources[0]!.drop();
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.timers).toHaveLength(0);
    h.sources[0]!.open();
    expect(h.statuses.at(-1)).toBe('live');
    expect(h.signals.filter((s) => s.type === 'resync')).toHaveLength(2);
  });

  it('reopens a stream the browser gave up on, with a doubling delay that resets once live', () => {
    const h = harness();
    h.sources[0]!.fail();
    expect(h.sources[0]!.closed).toBe(true);
    expect(h.timers.map((t) => t.ms)).toEqual([RECONNECT_MIN_MS]);
    h.timers[0]!.f();
    expect(h.sources).toHaveLength(2);
    h.sources[1]!.fail();
    h.timers[1]!.f();
    h.sources[2]!.fail();
    expect(h.timers.map((t) => t.ms)).toEqual([RECONNECT_MIN_MS, RECONNECT_MIN_MS * 2, RECONNECT_MIN_MS * 4]);
    for (let i = 0; i < 10; i++) {
      h.timers.at(-1)!.f();
      h.sources.at(-1)!.fail();
    }
    expect(h.timers.at(-1)!.ms).toBe(RECONNECT_MAX_MS);
    h.timers.at(-1)!.f();
    h.sources.at(-1)!.open();
    h.sources.at(-1)!.fail();
    expect(h.timers.at(-1)!.ms).toBe(RECONNECT_MIN_MS);
  });

  it('ignores a replaced stream and stops everything on close', () => {
    const h = harness();
    const first = h.sources[0]!;
    first.fail();
    h.timers[0]!.f();
    first.emit(JSON.stringify(change));
    expect(h.signals).toEqual([]);
    h.sources[1]!.fail();
    h.connection.close();
    expect(h.timers.at(-1)!.cleared).toBe(true);
    expect(h.statuses.at(-1)).toBe('off');
    h.sources[1]!.open();
    expect(h.signals).toEqual([]);
  });

  it('shows reconnecting while requests fail though the stream looks open, probes with a doubling delay, and resyncs through a new stream once a request succeeds', () => {
    const h = harness();
    h.sources[0]!.open();
    expect(h.statuses.at(-1)).toBe('live');
    h.connection.requestFailed();
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.timers.map((t) => t.ms)).toEqual([RECONNECT_MIN_MS]);
    h.connection.requestFailed(); // more failures meanwhile: still one probe waiting
    expect(h.timers).toHaveLength(1);
    h.timers[0]!.f();
    expect(h.probes()).toBe(1);
    h.connection.requestFailed(); // the probe failed too
    expect(h.timers.map((t) => t.ms)).toEqual([RECONNECT_MIN_MS, RECONNECT_MIN_MS * 2]);
    h.sources[0]!.emit(JSON.stringify(change)); // the stream still talks: not enough to look live
    expect(h.statuses.at(-1)).toBe('reconnecting');

    h.connection.requestSucceeded();
    expect(h.timers[1]!.cleared).toBe(true);
    expect(h.sources[0]!.closed).toBe(true);
    expect(h.sources).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.sources[1]!.open();
    expect(h.statuses.at(-1)).toBe('live');
    expect(h.signals.filter((s) => s.type === 'resync')).toHaveLength(2);

    // Success while nothing failed changes nothing; the next failure probes from the shortest delay again.
    h.connection.requestSucceeded();
    expect(h.sources).toHaveLength(2);
    h.connection.requestFailed();
    expect(h.timers.at(-1)!.ms).toBe(RECONNECT_MIN_MS);
  });
});
