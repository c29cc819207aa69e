import { expect, it } from 'vitest';
import type { FlagFilter } from '../../src/db/stores';
import { describeContract } from './support/contract';
import { at, flag, jsonFlag, T0 } from './support/records';

describeContract('FlagStore', (ctx) => {
  const keys = (filter: FlagFilter) => ctx.db.read(async (s) => (await s.flags.list(filter)).map((f) => f.key));

  it('inserts and gets a flag exactly as written, JSON key order included', async () => {
    const f = jsonFlag('json-flag');
    await ctx.write((tx) => tx.flags.insert(f));
    const got = await ctx.db.read((s) => s.flags.get('json-flag'));
    expect(got).toEqual(f);
    // Services compare by JSON.stringify (NO_CHANGE) and hash what they read: the text must round-trip.
    expect(JSON.stringify(got)).toBe(JSON.stringify(f));
    expect(await ctx.db.read((s) => s.flags.get('missing'))).toBeUndefined();
  });

  it('keeps nullable and boolean columns', async () => {
    const f = flag('permanent', { type: 'ops', expiresAt: null, clientSide: true, archivedAt: at(5), tags: ['a', 'b'] });
    await ctx.write((tx) => tx.flags.insert(f));
    expect(await ctx.db.read((s) => s.flags.get('permanent'))).toEqual(f);
  });

  it('refuses a second flag with the same key', async () => {
    await ctx.write((tx) => tx.flags.insert(flag('f1')));
    await expect(ctx.write((tx) => tx.flags.insert(flag('f1', { name: 'again' })))).rejects.toThrow();
  });

  it('update replaces every field of the flag', async () => {
    await ctx.write((tx) => tx.flags.insert(flag('f1')));
    const next = { ...jsonFlag('f1'), name: 'Renamed', owner: 'team-b', tags: ['x'], expiresAt: null, type: 'ops' as const, version: 2, updatedAt: at(1) };
    await ctx.write((tx) => tx.flags.update(next));
    expect(await ctx.db.read((s) => s.flags.get('f1'))).toEqual(next);
  });

  it('lists every flag by key, compared bytewise', async () => {
    await ctx.write(async (tx) => {
      for (const key of ['b', 'ab', 'a-b', 'B', 'a_b', 'a']) await tx.flags.insert(flag(key));
    });
    expect(await keys({})).toEqual(['B', 'a', 'a-b', 'a_b', 'ab', 'b']);
  });

  it('filters by owner, type and archived state', async () => {
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1', { owner: 'team-a', type: 'release' }));
      await tx.flags.insert(flag('f2', { owner: 'team-b', type: 'ops', expiresAt: null }));
      await tx.flags.insert(flag('f3', { owner: 'team-a', type: 'ops', archivedAt: at(1) }));
    });
    expect(await keys({ owner: 'team-a' })).toEqual(['f1', 'f3']);
    expect(await keys({ owner: 'Team-A' })).toEqual([]);
    expect(await keys({ type: 'ops' })).toEqual(['f2', 'f3']);
    expect(await keys({ archived: true })).toEqual(['f3']);
    expect(await keys({ archived: false })).toEqual(['f1', 'f2']);
    expect(await keys({ owner: 'team-a', type: 'ops', archived: false })).toEqual([]);
  });

  it('filters flags expired strictly before a time; permanent flags never are', async () => {
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('past', { expiresAt: at(-10) }));
      await tx.flags.insert(flag('now', { expiresAt: T0 }));
      await tx.flags.insert(flag('later', { expiresAt: at(10) }));
      await tx.flags.insert(flag('never', { type: 'ops', expiresAt: null }));
    });
    expect(await keys({ expiredBefore: T0 })).toEqual(['past']);
    expect(await keys({ expiredBefore: at(11) })).toEqual(['later', 'now', 'past']);
  });

  it('filters by one exact tag', async () => {
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1', { tags: ['checkout', 'beta'] }));
      await tx.flags.insert(flag('f2', { tags: ['checkout-v2'] }));
      await tx.flags.insert(flag('f3', { tags: [] }));
      await tx.flags.insert(flag('f4', { tags: ['say "hi"', '100%', 'Beta'] }));
    });
    expect(await keys({ tag: 'checkout' })).toEqual(['f1']);
    expect(await keys({ tag: 'beta' })).toEqual(['f1']);
    expect(await keys({ tag: 'Beta' })).toEqual(['f4']);
    expect(await keys({ tag: 'check' })).toEqual([]);
    expect(await keys({ tag: 'say "hi"' })).toEqual(['f4']);
    expect(await keys({ tag: '100%' })).toEqual(['f4']);
    expect(await keys({ tag: '%' })).toEqual([]);
  });

  it('searches key and name case-insensitively, with LIKE wildcards taken literally', async () => {
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('checkout-flow', { name: 'New checkout' }));
      await tx.flags.insert(flag('search', { name: 'CHECKOUT search' }));
      await tx.flags.insert(flag('rollout', { name: '100% rollout' }));
      await tx.flags.insert(flag('under', { name: 'snake_case name' }));
      await tx.flags.insert(flag('slash', { name: 'back\\slash' }));
      await tx.flags.insert(flag('plain', { name: 'nothing special' }));
    });
    expect(await keys({ search: 'Checkout' })).toEqual(['checkout-flow', 'search']);
    expect(await keys({ search: 'SEARCH' })).toEqual(['search']);
    expect(await keys({ search: '%' })).toEqual(['rollout']);
    expect(await keys({ search: '_' })).toEqual(['under']);
    expect(await keys({ search: 'e_c' })).toEqual(['under']);
    expect(await keys({ search: '\\' })).toEqual(['slash']);
    expect(await keys({ search: 'k\\s' })).toEqual(['slash']);
    expect(await keys({ search: 'nomatch' })).toEqual([]);
  });

  it('combines filters with AND', async () => {
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('a-checkout', { owner: 'team-a', tags: ['pay'] }));
      await tx.flags.insert(flag('b-checkout', { owner: 'team-b', tags: ['pay'] }));
      await tx.flags.insert(flag('c-checkout', { owner: 'team-a', tags: ['ui'] }));
    });
    expect(await keys({ owner: 'team-a', tag: 'pay', search: 'checkout', archived: false })).toEqual(['a-checkout']);
  });
});
