import { describe, expect, it } from 'vitest';
import { changedFields, diffJson, joinPath } from '../src/lib/json-diff';
import { jsonEqual } from '../src/lib/json-equal';
import { rebaseEdit } from '../src/lib/three-way-merge';

describe('diffJson', () => {
  it('lists changed leaves with server-style paths', () => {
    const before = { enabled: false, rules: [{ clauses: [{ op: 'in', values: ['a'] }] }] };
    const after = { enabled: true, rules: [{ clauses: [{ op: 'notIn', values: ['a', 'b'] }] }] };
    expect(diffJson(before, after).rows).toEqual([
      { path: 'enabled', kind: 'changed', before: false, after: true },
      { path: 'rules[0].clauses[0].op', kind: 'changed', before: 'in', after: 'notIn' },
      { path: 'rules[0].clauses[0].values[1]', kind: 'added', after: 'b' },
    ]);
  });

  it('lists a value that appears leaf by leaf (a kill)', () => {
    const rows = diffJson({ killed: null }, { killed: { by: 'dana', at: 't', reason: 'INC-1' } }).rows;
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ['killed.by', 'added'],
      ['killed.at', 'added'],
      ['killed.reason', 'added'],
    ]);
  });

  it('lists removals', () => {
    expect(diffJson({ tags: ['a', 'b'] }, { tags: ['a'] }).rows).toEqual([{ path: 'tags[1]', kind: 'removed', before: 'b' }]);
    expect(diffJson({ killed: { by: 'x' } }, { killed: null }).rows).toEqual([{ path: 'killed.by', kind: 'removed', before: 'x' }]);
  });

  it('leaves out ignored top-level fields and equal values', () => {
    expect(diffJson({ version: 1, a: 1 }, { version: 2, a: 1 }, { ignore: ['version'] }).rows).toEqual([]);
  });

  it('treats a change of shape as one change', () => {
    expect(diffJson({ fallthrough: { variation: 1 } }, { fallthrough: [1] }).rows).toEqual([{ path: 'fallthrough', kind: 'changed', before: { variation: 1 }, after: [1] }]);
  });

  it('reads a rule inserted at the top as one added rule', () => {
    const beta = { description: 'beta', serve: { variation: 1 } };
    const eu = { description: 'eu', serve: { variation: 0 } };
    const bots = { description: 'no bots', serve: { variation: 0 } };
    expect(diffJson({ rules: [beta, eu] }, { rules: [bots, beta, eu] }).rows).toEqual([{ path: 'rules[0]', kind: 'added', after: bots }]);
  });

  it('diffs an edited element in place and lists removed ones once', () => {
    const rows = diffJson({ rules: [{ d: 'a' }, { d: 'b' }, { d: 'c' }] }, { rules: [{ d: 'a' }, { d: 'B' }] }).rows;
    expect(rows).toEqual([
      { path: 'rules[1].d', kind: 'changed', before: 'b', after: 'B' },
      { path: 'rules[2]', kind: 'removed', before: { d: 'c' } },
    ]);
  });

  it('falls back to index order for huge arrays', () => {
    const big = Array.from({ length: 600 }, (_, i) => `k${i}`);
    const rows = diffJson(big, ['x', ...big.slice(1)]).rows;
    expect(rows).toEqual([{ path: '[0]', kind: 'changed', before: 'k0', after: 'x' }]);
  });

  it('stops at the limit and says so', () => {
    const d = diffJson({ v: [] }, { v: Array.from({ length: 50 }, (_, i) => i) }, { limit: 10 });
    expect(d.rows).toHaveLength(10);
    expect(d.truncated).toBe(true);
  });

  it('diffs a created entry (before null) as all added', () => {
    expect(diffJson(null, { key: 'x' }).rows).toEqual([{ path: 'key', kind: 'added', after: 'x' }]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(joinPath('environments', 'eu-west')).toBe('environments.eu-west');
    expect(joinPath('a', 'has space')).toBe('a["has space"]');
  });

  it('names the top-level fields touched', () => {
    const rows = diffJson({ a: 1, rules: [1, 2], b: { c: 1 } }, { a: 2, rules: [1, 3], b: { c: 2 } }).rows;
    expect(changedFields(rows)).toEqual(['a', 'rules', 'b']);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and undefined fields', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: null }, { a: 0 })).toBe(false);
  });
});

describe('rebaseEdit (reapplying an edit after a version conflict)', () => {
  const fields = ['targets', 'rules', 'fallthrough'] as const;
  const base = { targets: [], rules: ['r1'], fallthrough: 'v0' };

  it('keeps their changes to fields I did not touch and mine to the ones I did', () => {
    const mine = { ...base, fallthrough: 'v1' };
    const theirs = { ...base, rules: ['bots', 'r1'] };
    expect(rebaseEdit(base, mine, theirs, fields)).toEqual({
      merged: { targets: [], rules: ['bots', 'r1'], fallthrough: 'v1' },
      mine: ['fallthrough'],
      theirs: ['rules'],
      overlaps: [],
    });
  });

  it('reports fields we both changed differently (mine wins, to be reviewed)', () => {
    const r = rebaseEdit(base, { ...base, rules: ['mine'] }, { ...base, rules: ['theirs'] }, fields);
    expect(r.merged.rules).toEqual(['mine']);
    expect(r.overlaps).toEqual(['rules']);
  });

  it('does not call the same change on both sides an overlap', () => {
    expect(rebaseEdit(base, { ...base, rules: ['x'] }, { ...base, rules: ['x'] }, fields).overlaps).toEqual([]);
  });
});
