import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { classifyIncomingVersion } from '../../src/protocol/index';

describe('classifyIncomingVersion', () => {
  it.each([
    [0, 1, 'apply'],
    [41, 42, 'apply'],
    [42, 42, 'duplicate'],
    [42, 7, 'duplicate'],
    [42, 0, 'duplicate'],
    [41, 43, 'gap'],
    [0, 1_000, 'gap'],
  ] as const)('last %i, incoming %i: %s', (last, incoming, expected) => {
    expect(classifyIncomingVersion(last, incoming)).toBe(expected);
  });

  it('exactly one version applies after any last version; all earlier ones are duplicates, all later ones gaps', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (last, incoming) => {
        const expected = incoming === last + 1 ? 'apply' : incoming <= last ? 'duplicate' : 'gap';
        expect(classifyIncomingVersion(last, incoming)).toBe(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it('applying a contiguous stream in order applies every message once, and a replay of it is all duplicates', () => {
    let last = 10;
    const stream = [11, 12, 13, 14];
    for (const v of stream) {
      expect(classifyIncomingVersion(last, v)).toBe('apply');
      last = v;
    }
    for (const v of stream) expect(classifyIncomingVersion(last, v)).toBe('duplicate');
  });
});
