import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAckScheduler } from '../src/data-sources/stream/ack-scheduler';
import { createHeartbeatMonitor } from '../src/data-sources/stream/heartbeat-monitor';
import { nodeScheduler } from '../src/platform/scheduler';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ack scheduler', () => {
  it('acks promptly (within 50 ms) after a quiet period, coalescing a burst into one ack', () => {
    const sent: number[] = [];
    const acks = createAckScheduler((v) => sent.push(v), nodeScheduler);
    acks.applied(10);
    acks.applied(11);
    acks.applied(12);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([12]);
  });

  it('sends at most one ack a second while changes keep coming, always the latest version', () => {
    const sent: [number, number][] = [];
    const acks = createAckScheduler((v) => sent.push([v, Date.now()]), nodeScheduler);
    const t0 = Date.now();
    for (let v = 1; v <= 50; v++) {
      acks.applied(v);
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(2_000);
    const gaps = sent.slice(1).map(([, at], i) => at - sent[i]![1]);
    expect(gaps.every((g) => g >= 1_000)).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(7);
    expect(sent.at(-1)![0]).toBe(50);
    expect(sent[0]![1] - t0).toBeLessThanOrEqual(50);
  });

  it('sends nothing once cancelled, and never the same version twice', () => {
    const sent: number[] = [];
    const acks = createAckScheduler((v) => sent.push(v), nodeScheduler);
    acks.applied(1);
    vi.advanceTimersByTime(50);
    acks.applied(1);
    vi.advanceTimersByTime(2_000);
    acks.applied(2);
    acks.cancel();
    vi.advanceTimersByTime(2_000);
    expect(sent).toEqual([1]);
  });
});

describe('heartbeat monitor', () => {
  it('pings every interval and declares the peer dead after two silent intervals', () => {
    const pings: number[] = [];
    const dead = vi.fn();
    const monitor = createHeartbeatMonitor({ scheduler: nodeScheduler, ping: () => pings.push(Date.now()), dead });
    const t0 = Date.now();
    monitor.start(2_000, 1_000);
    vi.advanceTimersByTime(1_999);
    expect(pings.map((t) => t - t0)).toEqual([1_000]);
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(dead).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(dead).toHaveBeenCalledTimes(1);
    expect(pings).toHaveLength(1); // stopped when dead
  });

  it('any frame heard pushes the deadline back', () => {
    const dead = vi.fn();
    const monitor = createHeartbeatMonitor({ scheduler: nodeScheduler, ping: () => {}, dead });
    monitor.start(2_000, 1_000);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1_500);
      monitor.heard();
    }
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('without a ping interval (before ready) only watches the deadline; stop() silences it', () => {
    const ping = vi.fn();
    const dead = vi.fn();
    const monitor = createHeartbeatMonitor({ scheduler: nodeScheduler, ping, dead });
    monitor.start(30_000);
    vi.advanceTimersByTime(29_000);
    monitor.stop();
    vi.advanceTimersByTime(60_000);
    expect(ping).not.toHaveBeenCalled();
    expect(dead).not.toHaveBeenCalled();
  });
});
