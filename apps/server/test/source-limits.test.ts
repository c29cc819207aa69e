import { describe, expect, it } from 'vitest';
import { sourceOf } from '../src/features/streaming/source-address';
import { SourceLimits } from '../src/features/streaming/source-limits';

describe('sourceOf: what a browser connection counts against', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:0:0:b', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    ['not-an-address', 'not-an-address'],
  ])('%s → %s', (address, source) => {
    expect(sourceOf(address)).toBe(source);
  });
});

describe('SourceLimits', () => {
  it('refuses past the open connections of a source, and frees a slot on release', () => {
    const limits = new SourceLimits(2, 100);
    expect([limits.admit('a'), limits.admit('a'), limits.admit('a')]).toEqual([undefined, undefined, 'too-many-connections-from-source']);
    expect(limits.admit('b')).toBeUndefined();
    limits.release('a');
    expect(limits.admit('a')).toBeUndefined();
  });

  it('spends a context per hello and per identify, refilled over the minute', () => {
    let now = 0;
    const limits = new SourceLimits(100, 3, () => now);
    expect(limits.admit('a')).toBeUndefined();
    expect([limits.takeContext('a'), limits.takeContext('a'), limits.takeContext('a')]).toEqual([true, true, false]);
    expect(limits.admit('a')).toBe('context-rate-exceeded');
    now += 20_000; // a third of a minute: one context back
    expect([limits.takeContext('a'), limits.takeContext('a')]).toEqual([true, false]);
  });

  it('forgets idle sources once their bucket is full again, so one address per connection cannot grow it for ever', () => {
    let now = 0;
    const limits = new SourceLimits(10, 60, () => now);
    for (let i = 0; i < 5_000; i++) {
      limits.admit(`s${i}`);
      limits.release(`s${i}`);
      now += 10; // 50 s for them all: the earliest are refilled by the end
    }
    expect(limits.size).toBeLessThan(5_000);
    now += 60_000;
    for (let i = 0; i < 2_048; i++) limits.admit(`t${i}`);
    expect(limits.size).toBeLessThanOrEqual(2_048 + 1_024);
  });
});
