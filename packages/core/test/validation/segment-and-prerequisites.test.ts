import { describe, expect, it } from 'vitest';
import { checkPrerequisites, checkSegment, findPrerequisiteCycle, type Prerequisite, type Segment } from '../../src/index';

const segment = (over: Partial<Segment>): Segment => ({ key: 's', name: 's', description: '', included: [], excluded: [], rules: [], version: 1, ...over });

describe('checkSegment', () => {
  it('accepts a valid segment', () => {
    expect(checkSegment(segment({ included: ['a'], excluded: ['b'], rules: [{ clauses: [{ attribute: 'email', op: 'matches', values: ['@x\\.com$'] }] }] }))).toEqual([]);
  });

  it('refuses keys both included and excluded, nested segments and unsafe patterns', () => {
    const issues = checkSegment(
      segment({
        included: ['a', 'b'],
        excluded: ['b'],
        rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['other'] }, { attribute: 'e', op: 'matches', values: ['x{2000}'] }] }],
      }),
    );
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['excluded.0', 'key "b" is also included: a key is either included or excluded'],
      ['rules.0.clauses.0.op', 'segmentMatch cannot be used inside a segment (segments do not nest)'],
      ['rules.0.clauses.1.values.0', expect.stringMatching(/^pattern "x\{2000\}" repeats something 2,000 times/)],
    ]);
  });
});

describe('checkPrerequisites', () => {
  const flags = new Map([['base', { variations: 2 }], ['other', { variations: 3 }]]);
  const lookup = (key: string) => flags.get(key);

  it('accepts existing flags and variations', () => {
    expect(checkPrerequisites('f', [{ flag: 'base', variation: 1 }, { flag: 'other', variation: 2 }], lookup)).toEqual([]);
  });

  it('refuses itself, missing flags, duplicates and variations out of range', () => {
    const issues = checkPrerequisites(
      'f',
      [
        { flag: 'f', variation: 0 },
        { flag: 'ghost', variation: 0 },
        { flag: 'base', variation: 2 },
        { flag: 'base', variation: 1 },
      ],
      lookup,
    );
    expect(issues).toEqual([
      { path: ['prerequisites', 0, 'flag'], message: 'is the flag itself: a flag cannot be its own prerequisite' },
      { path: ['prerequisites', 1, 'flag'], message: 'names no flag: "ghost" does not exist' },
      { path: ['prerequisites', 2, 'variation'], message: 'is variation 2, but "base" has 2 variations (0..1)' },
      { path: ['prerequisites', 3, 'flag'], message: 'lists "base" a second time' },
    ]);
  });
});

describe('findPrerequisiteCycle', () => {
  const graph = (edges: Record<string, string[]>): Map<string, Prerequisite[]> =>
    new Map(Object.entries(edges).map(([k, v]) => [k, v.map((flag) => ({ flag, variation: 0 }))]));

  it('returns null without a cycle, including diamonds', () => {
    expect(findPrerequisiteCycle(graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }), 'a')).toBeNull();
    expect(findPrerequisiteCycle(graph({}), 'a')).toBeNull();
  });

  it('returns the cycle through the start', () => {
    expect(findPrerequisiteCycle(graph({ a: ['b'], b: ['c'], c: ['a'] }), 'a')).toEqual(['a', 'b', 'c', 'a']);
    expect(findPrerequisiteCycle(graph({ a: ['a'] }), 'a')).toEqual(['a', 'a']);
  });

  it('returns a cycle reachable from the start', () => {
    expect(findPrerequisiteCycle(graph({ a: ['x', 'b'], x: [], b: ['c'], c: ['b'] }), 'a')).toEqual(['b', 'c', 'b']);
  });

  it('ignores cycles not reachable from the start', () => {
    expect(findPrerequisiteCycle(graph({ a: ['b'], b: [], c: ['d'], d: ['c'] }), 'a')).toBeNull();
  });

  it('copes with long chains without overflowing the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`f${i}`] = [`f${i + 1}`];
    edges.f20000 = ['f0'];
    expect(findPrerequisiteCycle(graph(edges), 'f0')?.length).toBe(20_002);
  });
});
