import { backoffDelayMs } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { decideReconnect, INITIAL_RECONNECT_STATE, type ConnectionEnd } from '../src/data-sources/stream/reconnect-policy';

const end = (overrides: Partial<ConnectionEnd>): ConnectionEnd => ({ code: 1006, reason: 'abnormal', message: 'lost', opened: true, reachedReady: false, synced: false, progressed: false, ...overrides });
const half = () => 0.5;
const NOW = 1_700_000_000_000;
/** decideReconnect at a fixed time (the clock matters only while the server is unreachable). */
const decide = (e: ConnectionEnd, state: Parameters<typeof decideReconnect>[1], random = half, backoff?: Parameters<typeof decideReconnect>[4]) => decideReconnect(e, state, random, NOW, backoff);

describe('reconnect policy', () => {
  it.each([
    [4003, 'invalid-key'],
    [4004, 'key-revoked'],
    [4010, 'unsupported-protocol'],
  ])('never retries close code %i (%s)', (code, reason) => {
    expect(decide(end({ code }), INITIAL_RECONNECT_STATE)).toMatchObject({ action: 'stop', code, reason });
  });

  it("never retries after the server's error says retry: false, whatever the close code", () => {
    const serverError = { type: 'error', code: 'key-revoked', message: 'The SDK key has been revoked.', retry: false } as const;
    expect(decide(end({ code: 1006, serverError }), INITIAL_RECONNECT_STATE)).toEqual({ action: 'stop', reason: 'key-revoked', code: 1006, message: 'The SDK key has been revoked.' });
  });

  it('backs off exponentially with full jitter (core backoffDelayMs), counting attempts, while connections open and fail', () => {
    let state = INITIAL_RECONNECT_STATE;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const decision = decide(end({}), state);
      if (decision.action !== 'retry') throw new Error('expected a retry');
      delays.push(decision.delayMs);
      state = decision.state;
    }
    expect(delays).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, half)));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(state.attempt).toBe(8);
  });

  it('honours custom backoff bounds', () => {
    const decision = decide(end({}), { attempt: 3, unreachableSince: undefined, resyncStreak: 0 }, () => 0.999, { initialMs: 100, maxMs: 500 });
    expect(decision).toMatchObject({ action: 'retry', delayMs: 499 });
  });

  it('restarts the attempt count once a connection got in sync, not merely ready', () => {
    const deep = { attempt: 6, unreachableSince: undefined, resyncStreak: 0 };
    expect(decide(end({ reachedReady: true, synced: true }), deep)).toEqual({ action: 'retry', delayMs: 500, state: { attempt: 1, unreachableSince: undefined, resyncStreak: 0 } });
    expect(decide(end({ code: 4000, reachedReady: true }), deep)).toEqual({ action: 'retry', delayMs: 30_000, state: { attempt: 7, unreachableSince: undefined, resyncStreak: 0 } });
  });

  it('caps the ceiling at 3 s while connections never open (a restarting server), for a minute of them', () => {
    const refused = end({ opened: false });
    const deep = { attempt: 6, unreachableSince: undefined, resyncStreak: 0 };
    expect(decide(refused, deep, () => 0.999)).toEqual({ action: 'retry', delayMs: 2_997, state: { attempt: 7, unreachableSince: NOW, resyncStreak: 0 } });
    const laterInTheMinute = decideReconnect(refused, { attempt: 7, unreachableSince: NOW, resyncStreak: 0 }, () => 0.999, NOW + 59_999);
    expect(laterInTheMinute).toMatchObject({ delayMs: 2_997, state: { unreachableSince: NOW } });
    const pastTheMinute = decideReconnect(refused, { attempt: 7, unreachableSince: NOW, resyncStreak: 0 }, () => 0.999, NOW + 60_000);
    expect(pastTheMinute).toMatchObject({ delayMs: 59_940, state: { attempt: 8, unreachableSince: NOW } });
    // A connection that opens ends the run: the next refusal starts a new minute.
    expect(decide(end({ opened: true }), { attempt: 2, unreachableSince: NOW - 120_000, resyncStreak: 0 })).toMatchObject({ state: { unreachableSince: undefined } });
  });

  it('goaway / 4012: reconnects after retryAfterMs without counting an attempt', () => {
    expect(decide(end({ code: 4012, goawayAfterMs: 2500 }), { attempt: 2, unreachableSince: undefined, resyncStreak: 0 })).toEqual({ action: 'retry', delayMs: 2500, state: { attempt: 2, unreachableSince: undefined, resyncStreak: 0 } });
    expect(decide(end({ code: 4012 }), INITIAL_RECONNECT_STATE)).toMatchObject({ delayMs: 0 });
  });

  it('resyncs at once after a gap, but backs off when resyncs repeat without progress', () => {
    const first = decide(end({ code: 1000, resync: true, progressed: true, reachedReady: true }), INITIAL_RECONNECT_STATE);
    expect(first).toEqual({ action: 'retry', delayMs: 0, state: { attempt: 0, unreachableSince: undefined, resyncStreak: 1 } });
    if (first.action !== 'retry') return;
    const second = decide(end({ code: 1000, resync: true, reachedReady: true }), first.state);
    expect(second).toEqual({ action: 'retry', delayMs: 500, state: { attempt: 1, unreachableSince: undefined, resyncStreak: 2 } });
  });

  it('retries unknown and server-error codes with backoff', () => {
    expect(decide(end({ code: 4999 }), INITIAL_RECONNECT_STATE)).toMatchObject({ action: 'retry', delayMs: 500 });
    expect(decide(end({ code: 4011 }), INITIAL_RECONNECT_STATE)).toMatchObject({ action: 'retry', delayMs: 500 });
  });
});
