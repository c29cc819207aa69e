import { backoffDelayMs } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { decideReconnect, INITIAL_RECONNECT_STATE, type ConnectionEnd } from '../src/data-sources/stream/reconnect-policy';

const end = (overrides: Partial<ConnectionEnd>): ConnectionEnd => ({ code: 1006, reason: 'abnormal', message: 'lost', reachedReady: false, progressed: false, ...overrides });
const half = () => 0.5;

describe('reconnect policy', () => {
  it.each([
    [4003, 'invalid-key'],
    [4004, 'key-revoked'],
    [4010, 'unsupported-protocol'],
  ])('never retries close code %i (%s)', (code, reason) => {
    expect(decideReconnect(end({ code }), INITIAL_RECONNECT_STATE, half)).toMatchObject({ action: 'stop', code, reason });
  });

  it("never retries after the server's error says retry: false, whatever the close code", () => {
    const serverError = { type: 'error', code: 'key-revoked', message: 'The SDK key has been revoked.', retry: false } as const;
    expect(decideReconnect(end({ code: 1006, serverError }), INITIAL_RECONNECT_STATE, half)).toEqual({ action: 'stop', reason: 'key-revoked', code: 1006, message: 'The SDK key has been revoked.' });
  });

  it('backs off exponentially with full jitter (core backoffDelayMs), counting attempts', () => {
    let state = INITIAL_RECONNECT_STATE;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const decision = decideReconnect(end({}), state, half);
      if (decision.action !== 'retry') throw new Error('expected a retry');
      delays.push(decision.delayMs);
      state = decision.state;
    }
    expect(delays).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, half)));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(state.attempt).toBe(8);
  });

  it('honours custom backoff bounds', () => {
    const decision = decideReconnect(end({}), { attempt: 3, resyncStreak: 0 }, () => 0.999, { initialMs: 100, maxMs: 500 });
    expect(decision).toMatchObject({ action: 'retry', delayMs: 499 });
  });

  it('restarts the attempt count once a connection reached ready', () => {
    expect(decideReconnect(end({ reachedReady: true }), { attempt: 6, resyncStreak: 0 }, half)).toEqual({ action: 'retry', delayMs: 500, state: { attempt: 1, resyncStreak: 0 } });
  });

  it('goaway / 4012: reconnects after retryAfterMs without counting an attempt', () => {
    expect(decideReconnect(end({ code: 4012, goawayAfterMs: 2500 }), { attempt: 2, resyncStreak: 0 }, half)).toEqual({ action: 'retry', delayMs: 2500, state: { attempt: 2, resyncStreak: 0 } });
    expect(decideReconnect(end({ code: 4012 }), INITIAL_RECONNECT_STATE, half)).toMatchObject({ delayMs: 0 });
  });

  it('resyncs at once after a gap, but backs off when resyncs repeat without progress', () => {
    const first = decideReconnect(end({ code: 1000, resync: true, progressed: true, reachedReady: true }), INITIAL_RECONNECT_STATE, half);
    expect(first).toEqual({ action: 'retry', delayMs: 0, state: { attempt: 0, resyncStreak: 1 } });
    if (first.action !== 'retry') return;
    const second = decideReconnect(end({ code: 1000, resync: true, reachedReady: true }), first.state, half);
    expect(second).toEqual({ action: 'retry', delayMs: 500, state: { attempt: 1, resyncStreak: 2 } });
  });

  it('retries unknown and server-error codes with backoff', () => {
    expect(decideReconnect(end({ code: 4999 }), INITIAL_RECONNECT_STATE, half)).toMatchObject({ action: 'retry', delayMs: 500 });
    expect(decideReconnect(end({ code: 4011 }), INITIAL_RECONNECT_STATE, half)).toMatchObject({ action: 'retry', delayMs: 500 });
  });
});
