import { describe, expect, it } from 'vitest';
import type { FlagView } from '../src/api/types';
import { buildCreateBody, initialForm, withType } from '../src/features/flag-create/create-flag-form';
import { buildSegment, changedSegmentFields, emptySegmentDraft, flagsInUse, pickSegment, segmentToDraft, segmentUsers } from '../src/features/segments/segment-draft';
import { newClause } from '../src/features/targeting/config-draft';
import { addTokens } from '../src/ui/TokenInput';

const stored = {
  key: 'beta',
  name: 'Beta testers',
  description: '',
  included: ['u1'],
  excluded: [],
  rules: [{ clauses: [{ attribute: 'plan', op: 'in' as const, values: ['beta'] }] }],
  version: 3,
};

describe('segment drafts', () => {
  it('round-trip a stored segment unchanged', () => {
    const built = buildSegment(segmentToDraft(stored));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.key).toBe('beta');
    expect(changedSegmentFields(pickSegment(stored), built.value)).toEqual({});
  });

  it('send only what changed', () => {
    const draft = segmentToDraft(stored);
    draft.excluded = ['u9'];
    draft.rules[0]!.clauses[0]!.negate = true;
    const built = buildSegment(draft);
    if (!built.ok) throw new Error('expected a valid segment');
    expect(changedSegmentFields(pickSegment(stored), built.value)).toEqual({
      excluded: ['u9'],
      rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['beta'], negate: true }] }],
    });
  });

  it('are checked as the server checks them: key, a key both included and excluded, no segment in a segment', () => {
    const draft = { ...emptySegmentDraft(), key: 'Not A Key', included: ['u1'], excluded: ['u1'] };
    const clause = { ...newClause(), op: 'segmentMatch' as const, values: ['other'] };
    draft.rules = [{ uid: 'r', clauses: [clause] }];
    const built = buildSegment(draft);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect([...built.errors.keys()]).toContain('key');
    const fixed = buildSegment({ ...draft, key: 'ok' });
    if (fixed.ok) throw new Error('expected errors');
    expect([...fixed.errors.keys()].sort()).toEqual(['excluded[0]', 'rules[0].clauses[0].op']);
    expect(fixed.errors.get('excluded[0]')?.[0]).toContain('also included');
    expect(fixed.errors.get('rules[0].clauses[0].op')?.[0]).toContain('segments do not nest');
  });

  it('default the name to the key', () => {
    const built = buildSegment({ ...emptySegmentDraft(), key: 'internal' });
    expect(built.ok && built.value.name).toBe('internal');
  });

  it('know which flags use each segment in an environment, and read SEGMENT_IN_USE details', () => {
    const flag = (key: string, segs: string[], env = 'production') =>
      ({ key, environments: { [env]: { rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: segs }], serve: { variation: 0 } }] } } }) as unknown as FlagView;
    const users = segmentUsers([flag('a', ['beta', 'beta']), flag('b', ['beta', 'staff']), flag('c', ['beta'], 'staging')], 'production');
    expect(Object.fromEntries(users)).toEqual({ beta: ['a', 'b'], staff: ['b'] });
    expect(flagsInUse({ flags: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(flagsInUse(null)).toEqual([]);
  });
});

describe('typed tokens', () => {
  it('are added in one change, each checked against the ones before it', () => {
    const check = (t: string, sofar: readonly string[]) => (sofar.includes(t) ? { ok: false as const, message: `${t} twice` } : { ok: true as const, value: t });
    expect(addTokens(['a', 'b', 'a', 'c'], ['x'], check)).toEqual({ list: ['x', 'a', 'b', 'c'], refusal: { texts: ['a'], message: 'a twice' } });
    expect(addTokens(['a'], [], check)).toEqual({ list: ['a'], refusal: null });
  });
});

describe('creating a migration flag', () => {
  it('sends the definition and the backfill setting, never variations', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    const form = { ...withType(initialForm(now), 'migration', now), key: 'orders-db', owner: 'data', backfillRequired: false };
    const built = buildCreateBody(form, now);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.body).toEqual({
      key: 'orders-db',
      name: 'orders-db',
      type: 'migration',
      owner: 'data',
      tags: [],
      expiresAt: form.expiresAt,
      migration: { backfillRequired: false },
    });
  });
});
