import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RECONNECT_BACKOFF, backoffDelayMs } from '../../src/protocol/index';

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
