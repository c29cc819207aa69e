import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { INITIAL_BACKOFF_STATE, RECONNECT_BACKOFF, backoffDelayMs, nextBackoff, type BackoffState } from '../../src/protocol/index';

describe('backoffDelayMs: exponential backoff with full jitter', () => {
  it('the ceiling doubles from initialMs up to maxMs', () => {
    const almostOne = () => 0.999_999_999;
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 100].map((attempt) => backoffDelayMs(attempt, almostOne) + 1);
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('the delay is uniform from zero: random 0 means reconnect at once', () => {
    expect(backoffDelayMs(5, () => 0)).toBe(0);
    expect(backoffDelayMs(1, () => 0.5)).toBe(1_000);
  });

  it('stays within [0, ceiling) for any attempt and any random number, however broken', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), fc.double(), (attempt, r) => {
        const delay = backoffDelayMs(attempt, () => r);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(RECONNECT_BACKOFF.maxMs);
      }),
      { numRuns: 1_000 },
    );
  });

  it('takes other bounds', () => {
    expect(backoffDelayMs(3, () => 0.5, { initialMs: 100, maxMs: 500 })).toBe(250);
  });
});

describe('nextBackoff: what both SDKs do after a failed connection', () => {
  const almostOne = () => 0.999;
  const t0 = 1_700_000_000_000;
  const refused = { opened: false, synced: false };

  it('grows the ceiling while connections open and fail, and starts over after one that got in sync', () => {
    let state = INITIAL_BACKOFF_STATE;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const next = nextBackoff(state, { opened: true, synced: false }, t0, almostOne);
      delays.push(next.delayMs);
      state = next.state;
    }
    expect(delays).toEqual([999, 1_998, 3_996, 7_992, 15_984, 31_968, 59_940]);
    expect(nextBackoff(state, { opened: true, synced: true }, t0, almostOne)).toEqual({ delayMs: 999, state: { attempt: 1, unreachableSince: undefined } });
  });

  it('keeps the ceiling at unreachableMaxMs while connections never open, for unreachableWindowMs, then grows it', () => {
    let state = { attempt: 5, unreachableSince: undefined } as BackoffState;
    let now = t0;
    const delays: number[] = [];
    while (now - t0 < RECONNECT_BACKOFF.unreachableWindowMs) {
      const next = nextBackoff(state, refused, now, almostOne);
      delays.push(next.delayMs);
      state = next.state;
      now += next.delayMs;
    }
    expect(state.unreachableSince).toBe(t0);
    expect(new Set(delays)).toEqual(new Set([Math.floor(0.999 * RECONNECT_BACKOFF.unreachableMaxMs)]));
    expect(nextBackoff(state, refused, now, almostOne).delayMs).toBe(59_940);
  });

  it('never waits past unreachableMaxMs while unreachable, whatever the attempt, random or custom bounds', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: RECONNECT_BACKOFF.unreachableWindowMs - 1 }), fc.integer({ min: 1, max: 120_000 }), (attempt, r, since, maxMs) => {
        const { delayMs } = nextBackoff({ attempt, unreachableSince: t0 }, refused, t0 + since, () => r, { maxMs });
        expect(delayMs).toBeLessThan(Math.min(maxMs, RECONNECT_BACKOFF.unreachableMaxMs));
      }),
    );
  });
});
