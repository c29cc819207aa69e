import { describe, expect, it } from 'vitest';
import { createFlagStore } from '../src/store/flag-store';
import { parseRuleSet } from '../src/store/rule-set-input';
import { boolFlag, segment, segmentFlag } from './support/flags';

const load = (version = 10) => {
  const store = createFlagStore();
  store.replace({ environment: 'production', version, flags: [boolFlag('a'), segmentFlag('b', 'beta'), boolFlag('c', { prerequisites: [{ flag: 'b', variation: 1 }] })], segments: [segment('beta', ['u1'])] }, 'stream');
  return store;
};

describe('flag store', () => {
  it('starts empty, then holds a snapshot at its version, compiled', () => {
    const store = createFlagStore();
    expect(store).toMatchObject({ loaded: false, version: -1, origin: undefined });
    expect(store.ruleSet()).toBeUndefined();
    const changed = store.replace({ environment: 'production', version: 10, flags: [boolFlag('a')], segments: [] }, 'stream');
    expect(changed).toEqual([]); // the first load is not a change
    expect(store).toMatchObject({ loaded: true, version: 10, environment: 'production', origin: 'stream' });
    expect(store.evaluator.evaluate('a', { key: 'u' }).value).toBe(true);
  });

  it('applies the next version, ignores duplicates and refuses gaps without applying anything', () => {
    const store = load();
    const patch = { type: 'patch', version: 11, kind: 'flag', key: 'a', data: boolFlag('a', { enabled: false, version: 11 }) } as const;
    expect(store.apply(patch)).toEqual({ classification: 'apply', changed: ['a'] });
    expect(store.version).toBe(11);
    expect(store.evaluator.evaluate('a', {}).reason).toBe('DISABLED');
    expect(store.apply(patch).classification).toBe('duplicate');
    expect(store.apply({ ...patch, version: 9 }).classification).toBe('duplicate');
    const gap = { type: 'patch', version: 13, kind: 'flag', key: 'a', data: boolFlag('a', { version: 13 }) } as const;
    expect(store.apply(gap)).toEqual({ classification: 'gap', changed: [] });
    expect(store.version).toBe(11);
    expect(store.evaluator.evaluate('a', {}).reason).toBe('DISABLED');
  });

  it('takes no change before its first rule set: a change needs the rule set it follows', () => {
    const store = createFlagStore();
    // Version 0 would be the "next" version after -1; it is still a gap, and nothing is applied.
    const patch = { type: 'patch', version: 0, kind: 'flag', key: 'a', data: boolFlag('a', { version: 0 }) } as const;
    expect(store.apply(patch)).toEqual({ classification: 'gap', changed: [] });
    expect(store.apply({ type: 'delete', version: 0, kind: 'flag', key: 'a' } as never)).toEqual({ classification: 'gap', changed: [] });
    expect(store).toMatchObject({ loaded: false, version: -1 });
    expect(store.evaluator.has('a')).toBe(false);
  });

  it('reports a changed segment through the flags using it, and their dependents through prerequisites', () => {
    const store = load();
    expect(store.evaluator.evaluate('c', { key: 'u2' }).reason).toBe('PREREQUISITE_FAILED');
    const outcome = store.apply({ type: 'patch', version: 11, kind: 'segment', key: 'beta', data: segment('beta', ['u1', 'u2'], 2) });
    expect(outcome.changed.sort()).toEqual(['b', 'c']);
    expect(store.evaluator.evaluate('b', { key: 'u2' }).value).toBe(true);
    expect(store.evaluator.evaluate('c', { key: 'u2' }).value).toBe(true);
  });

  it('deletes flags and segments: dependents are reported, and evaluate to errors or non-matches', () => {
    const store = load();
    expect(store.apply({ type: 'delete', version: 11, kind: 'segment', key: 'beta' }).changed.sort()).toEqual(['b', 'c']);
    expect(store.evaluator.evaluate('b', { key: 'u1' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    expect(store.apply({ type: 'delete', version: 12, kind: 'flag', key: 'b' }).changed.sort()).toEqual(['b', 'c']);
    expect(store.evaluator.has('b')).toBe(false);
    expect(store.apply({ type: 'delete', version: 13, kind: 'flag', key: 'never-existed' })).toEqual({ classification: 'apply', changed: [] });
    expect(store.version).toBe(13);
  });

  it('an identical replayed item is applied (the version moves) but changes nothing', () => {
    const store = load();
    const same = store.ruleSet()!.flags.find((f) => f.key === 'a')!;
    expect(store.apply({ type: 'patch', version: 11, kind: 'flag', key: 'a', data: same })).toEqual({ classification: 'apply', changed: [] });
  });

  it('a snapshot is authoritative even at a lower version, and reports what differs', () => {
    const store = load(10);
    const changed = store.replace({ environment: 'production', version: 4, flags: [boolFlag('a'), segmentFlag('b', 'beta'), boolFlag('d')], segments: [segment('beta', ['u9'], 2)] }, 'stream');
    expect(changed.sort()).toEqual(['b', 'c', 'd']);
    expect(store.version).toBe(4);
  });

  it('gives out a copy of its rule set', () => {
    const store = load();
    const copy = store.ruleSet()!;
    expect(copy).toMatchObject({ environment: 'production', version: 10 });
    expect(copy.flags.map((f) => f.key).sort()).toEqual(['a', 'b', 'c']);
    copy.flags[0]!.enabled = false;
    expect(store.ruleSet()!.flags[0]!.enabled).toBe(true);
  });
});

describe('rule set input', () => {
  it('accepts the GET /sdk/v1/flags shape and hand-written files without environment or version', () => {
    expect(parseRuleSet({ environment: 'p', version: 3, flags: [boolFlag('a')], segments: [] })).toMatchObject({ ok: true, ruleSet: { version: 3, environment: 'p' } });
    expect(parseRuleSet({ flags: [] })).toEqual({ ok: true, ruleSet: { environment: undefined, version: 0, flags: [], segments: [] } });
  });

  it('refuses what is not a rule set, saying where', () => {
    expect(parseRuleSet(null)).toMatchObject({ ok: false });
    expect(parseRuleSet({ flags: {} })).toEqual({ ok: false, message: '"flags" must be an array' });
    expect(parseRuleSet({ flags: [{ nokey: 1 }] })).toEqual({ ok: false, message: 'flags[0] must be an object with a string "key"' });
    expect(parseRuleSet({ flags: [], version: -1 })).toMatchObject({ ok: false });
    expect(parseRuleSet({ flags: [], segments: [3] })).toMatchObject({ ok: false });
  });

  it('leaves malformed flags to the evaluator, which answers ERROR for them', () => {
    const parsed = parseRuleSet({ flags: [{ key: 'broken', variations: 'nope' }] });
    expect(parsed.ok).toBe(true);
    const store = createFlagStore();
    if (parsed.ok) store.replace(parsed.ruleSet, 'bootstrap');
    expect(store.evaluator.evaluate('broken', {}).reason).toBe('ERROR');
  });
});
