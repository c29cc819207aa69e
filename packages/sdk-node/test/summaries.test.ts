import { createEvaluator } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { toSummaryMessages } from '../src/summaries/summary-messages';
import { createSummaryRecorder } from '../src/summaries/summary-recorder';
import { boolFlag } from './support/flags';

function setup() {
  const evaluator = createEvaluator({ flags: [boolFlag('a', { version: 7, targets: [{ variation: 0, values: ['blocked'] }] })], segments: [] });
  let now = 1_000;
  const recorder = createSummaryRecorder((key) => evaluator.get(key)?.version, () => now);
  return { evaluator, recorder, tick: (ms: number) => (now += ms) };
}

describe('summary recorder', () => {
  it('counts per flag, variant and flag version over a window', () => {
    const { evaluator, recorder, tick } = setup();
    for (let i = 0; i < 5; i++) recorder.record('a', evaluator.evaluateTyped('a', { key: `u${i}` }, 'boolean', false));
    recorder.record('a', evaluator.evaluateTyped('a', { key: 'blocked' }, 'boolean', false));
    recorder.record('a', evaluator.evaluateTyped('a', {}, 'string', 'x')); // TYPE_MISMATCH: caller's default
    recorder.record('nope', evaluator.evaluateTyped('nope', {}, 'boolean', true));
    recorder.record('nope', evaluator.evaluateTyped('nope', {}, 'boolean', true));
    tick(60_000);
    expect(recorder.drain()).toEqual({
      startedAt: 1_000,
      endedAt: 61_000,
      counters: [
        { flag: 'a', variant: 'on', count: 5, version: 7 },
        { flag: 'a', variant: 'off', count: 1, version: 7 },
        { flag: 'a', variant: null, count: 1, version: 7 },
        { flag: 'nope', variant: null, count: 2 },
      ],
    });
    expect(recorder.drain()).toBeUndefined();
  });

  it('keys counters on the shared result object: repeat evaluations allocate no new counter', () => {
    const { evaluator, recorder } = setup();
    const first = evaluator.evaluate('a', { key: 'u1' });
    expect(evaluator.evaluate('a', { key: 'u2' })).toBe(first); // core shares frozen results
    for (let i = 0; i < 1_000; i++) recorder.record('a', evaluator.evaluate('a', { key: 'u' }));
    expect(recorder.drain()!.counters).toEqual([{ flag: 'a', variant: 'on', count: 1_000, version: 7 }]);
  });

  it('merges counters of recompiled flags (same variant and version, new result objects)', () => {
    const { evaluator, recorder } = setup();
    recorder.record('a', evaluator.evaluate('a', {}));
    evaluator.upsertFlag(evaluator.get('a')!.source);
    recorder.record('a', evaluator.evaluate('a', {}));
    expect(recorder.drain()!.counters).toEqual([{ flag: 'a', variant: 'on', count: 2, version: 7 }]);
  });

  it('counts exactly across windows, results shared between them and recompiled flags', () => {
    const { evaluator, recorder } = setup();
    for (let window = 1; window <= 3; window++) {
      for (let i = 0; i < 100 * window; i++) recorder.record('a', evaluator.evaluateTyped('a', { key: `u${i}` }, 'boolean', false));
      for (let i = 0; i < window; i++) recorder.record('a', evaluator.evaluateTyped('a', { key: 'blocked' }, 'boolean', false));
      if (window === 2) {
        evaluator.upsertFlag(evaluator.get('a')!.source); // new result objects, same variant and version
        recorder.record('a', evaluator.evaluateTyped('a', { key: 'u' }, 'boolean', false));
      }
      expect(recorder.drain()!.counters).toEqual([
        { flag: 'a', variant: 'on', count: 100 * window + (window === 2 ? 1 : 0), version: 7 },
        { flag: 'a', variant: 'off', count: window, version: 7 },
      ]);
    }
    expect(recorder.drain()).toBeUndefined();
  });

  it('keeps exact counts when two recorders count the same results', () => {
    const { evaluator, recorder } = setup();
    const other = createSummaryRecorder((key) => evaluator.get(key)?.version, () => 0);
    for (let i = 0; i < 50; i++) {
      recorder.record('a', evaluator.evaluate('a', { key: 'u' }));
      if (i % 2 === 0) other.record('a', evaluator.evaluate('a', { key: 'u' }));
    }
    expect(recorder.drain()!.counters).toEqual([{ flag: 'a', variant: 'on', count: 50, version: 7 }]);
    expect(other.drain()!.counters).toEqual([{ flag: 'a', variant: 'on', count: 25, version: 7 }]);
  });

  it('counts results served with the caller\'s default, which are new objects every time', () => {
    const { evaluator, recorder } = setup();
    for (let i = 0; i < 3; i++) recorder.record('a', evaluator.evaluateTyped('a', {}, 'number', 0));
    recorder.record('a', Object.freeze({ value: 1, reason: 'ERROR' as const, errorCode: 'PROVIDER_NOT_READY' as const }));
    expect(recorder.drain()!.counters).toEqual([{ flag: 'a', variant: null, count: 4, version: 7 }]);
  });

  it('skips flag keys the protocol cannot carry', () => {
    const { evaluator, recorder } = setup();
    recorder.record('', evaluator.evaluate('', {}));
    recorder.record('x'.repeat(101), evaluator.evaluate('x'.repeat(101), {}));
    expect(recorder.drain()).toBeUndefined();
  });

  it('restores a window that could not be sent into the next one', () => {
    const { evaluator, recorder, tick } = setup();
    recorder.record('a', evaluator.evaluate('a', {}));
    const unsent = recorder.drain()!;
    tick(5_000);
    recorder.restore(unsent);
    recorder.record('a', evaluator.evaluate('a', {}));
    expect(recorder.drain()).toMatchObject({ startedAt: 1_000, counters: [{ flag: 'a', variant: 'on', count: 2, version: 7 }] });
  });
});

describe('summary messages', () => {
  it('split a window into messages of at most 1,000 counters, each with the same window', () => {
    const counters = Array.from({ length: 2_345 }, (_, i) => ({ flag: `f${i}`, variant: 'on', count: 1 }));
    const messages = toSummaryMessages({ startedAt: 1, endedAt: 2, counters });
    expect(messages.map((m) => m.counters.length)).toEqual([1_000, 1_000, 345]);
    expect(messages.every((m) => m.type === 'summary' && m.startedAt === 1 && m.endedAt === 2)).toBe(true);
    expect(messages.flatMap((m) => m.counters)).toEqual(counters);
  });
});

describe('tracked signals (client.track)', () => {
  it('sums calls, errors and latency per flag and variation, kept across a failed send', () => {
    const { recorder, tick } = setup();
    recorder.track('a', 'on', true, 30);
    recorder.track('a', 'on', false, 10);
    recorder.track('a', 'on', false, undefined);
    recorder.track('a', 'off', false, Number.NaN);
    tick(1_000);
    const window = recorder.drain()!;
    expect(window.counters).toEqual([]);
    expect(window.signals).toEqual([
      { flag: 'a', variant: 'on', count: 3, errors: 1, latencySumMs: 40, timed: 2 },
      { flag: 'a', variant: 'off', count: 1, errors: 0, latencySumMs: 0, timed: 0 },
    ]);
    recorder.restore(window);
    recorder.track('a', 'on', true, 5);
    expect(recorder.drain()!.signals).toEqual([
      { flag: 'a', variant: 'on', count: 4, errors: 2, latencySumMs: 45, timed: 3 },
      { flag: 'a', variant: 'off', count: 1, errors: 0, latencySumMs: 0, timed: 0 },
    ]);
    expect(recorder.drain()).toBeUndefined();
  });

  it('ride along with counters, in as many messages as they need', () => {
    const signals = Array.from({ length: 1_500 }, (_, i) => ({ flag: `f${i}`, variant: 'on', count: 1, errors: 0, latencySumMs: 0, timed: 0 }));
    const messages = toSummaryMessages({ startedAt: 1, endedAt: 2, counters: [{ flag: 'x', variant: 'on', count: 1 }], signals });
    expect(messages.map((m) => [m.counters.length, m.signals?.length])).toEqual([
      [1, 1_000],
      [0, 500],
    ]);
  });
});
