import { expect, it } from 'vitest';
import { describeContract } from './support/contract';
import { apiKey, at, segment, session, T0 } from './support/records';

describeContract('SegmentStore', (ctx) => {
  it('inserts, gets, lists by key (bytewise) per environment', async () => {
    await ctx.write(async (tx) => {
      for (const key of ['beta', 'Internal', 'alpha-1', 'alpha_1']) await tx.segments.insert(segment('production', key));
      await tx.segments.insert(segment('staging', 'beta', { name: 'staging beta' }));
    });
    const list = await ctx.db.read((s) => s.segments.list('production'));
    expect(list.map((x) => x.key)).toEqual(['Internal', 'alpha-1', 'alpha_1', 'beta']);
    expect(list[3]).toEqual(segment('production', 'beta'));
    expect(await ctx.db.read((s) => s.segments.get('staging', 'beta'))).toEqual(segment('staging', 'beta', { name: 'staging beta' }));
    expect(await ctx.db.read((s) => s.segments.get('development', 'beta'))).toBeUndefined();
    expect(await ctx.db.read((s) => s.segments.list('development'))).toEqual([]);
  });

  it('updates and deletes one environment\'s segment only', async () => {
    await ctx.write(async (tx) => {
      await tx.segments.insert(segment('production', 'beta'));
      await tx.segments.insert(segment('staging', 'beta'));
    });
    const next = segment('production', 'beta', { name: 'Beta ring', included: [], excluded: ['x'], rules: [], version: 2, updatedAt: at(1) });
    await ctx.write((tx) => tx.segments.update(next));
    expect(await ctx.db.read((s) => s.segments.get('production', 'beta'))).toEqual(next);
    expect(await ctx.db.read((s) => s.segments.get('staging', 'beta'))).toEqual(segment('staging', 'beta'));
    await ctx.write((tx) => tx.segments.delete('production', 'beta'));
    expect(await ctx.db.read((s) => s.segments.get('production', 'beta'))).toBeUndefined();
    expect(await ctx.db.read((s) => s.segments.list('staging'))).toHaveLength(1);
  });

  it('refuses a duplicate segment key in one environment', async () => {
    await ctx.write((tx) => tx.segments.insert(segment('production', 'beta')));
    await expect(ctx.write((tx) => tx.segments.insert(segment('production', 'beta')))).rejects.toThrow();
  });
});

describeContract('KeyStore', (ctx) => {
  it('inserts, gets, finds by hash and lists by creation time then id', async () => {
    const keys = [
      apiKey('k-b'),
      apiKey('K-a', { kind: 'server', role: null, envKey: 'production' }),
      apiKey('k-old', { createdAt: at(-1), kind: 'client', role: null, envKey: 'staging' }),
      apiKey('k_a'),
    ];
    await ctx.write(async (tx) => {
      for (const k of keys) await tx.keys.insert(k);
    });
    expect((await ctx.db.read((s) => s.keys.list())).map((k) => k.id)).toEqual(['k-old', 'K-a', 'k-b', 'k_a']);
    expect(await ctx.db.read((s) => s.keys.get('K-a'))).toEqual(keys[1]);
    expect(await ctx.db.read((s) => s.keys.findByHash('hash-k-old'))).toEqual(keys[2]);
    expect(await ctx.db.read((s) => s.keys.findByHash('HASH-K-OLD'))).toBeUndefined();
    expect(await ctx.db.read((s) => s.keys.get('nope'))).toBeUndefined();
  });

  it('revokes a key: who and when, nothing else changes', async () => {
    await ctx.write(async (tx) => {
      await tx.keys.insert(apiKey('k1'));
      await tx.keys.insert(apiKey('k2'));
    });
    await ctx.write((tx) => tx.keys.revoke('k1', at(5), 'alice'));
    expect(await ctx.db.read((s) => s.keys.get('k1'))).toEqual(apiKey('k1', { revokedAt: at(5), revokedBy: 'alice' }));
    expect(await ctx.db.read((s) => s.keys.get('k2'))).toEqual(apiKey('k2'));
  });

  it('refuses two keys with the same hash or id', async () => {
    await ctx.write((tx) => tx.keys.insert(apiKey('k1')));
    await expect(ctx.write((tx) => tx.keys.insert(apiKey('k2', { hash: 'hash-k1' })))).rejects.toThrow();
    await expect(ctx.write((tx) => tx.keys.insert(apiKey('k1', { hash: 'other' })))).rejects.toThrow();
  });
});

describeContract('SessionStore', (ctx) => {
  it('inserts, gets and deletes a session', async () => {
    await ctx.write((tx) => tx.sessions.insert(session('s1', at(60))));
    expect(await ctx.db.read((s) => s.sessions.get('s1'))).toEqual(session('s1', at(60)));
    await ctx.write((tx) => tx.sessions.delete('s1'));
    expect(await ctx.db.read((s) => s.sessions.get('s1'))).toBeUndefined();
    await ctx.write((tx) => tx.sessions.delete('never-existed'));
  });

  it('deleteExpired removes sessions that expired strictly before the time', async () => {
    await ctx.write(async (tx) => {
      await tx.sessions.insert(session('gone', at(-1)));
      await tx.sessions.insert(session('edge', T0));
      await tx.sessions.insert(session('live', at(1)));
    });
    await ctx.write((tx) => tx.sessions.deleteExpired(T0));
    expect(await ctx.db.read((s) => s.sessions.get('gone'))).toBeUndefined();
    expect(await ctx.db.read((s) => s.sessions.get('edge'))).toEqual(session('edge', T0));
    expect(await ctx.db.read((s) => s.sessions.get('live'))).toBeDefined();
  });

  it('refuses a duplicate session id', async () => {
    await ctx.write((tx) => tx.sessions.insert(session('s1', at(1))));
    await expect(ctx.write((tx) => tx.sessions.insert(session('s1', at(2))))).rejects.toThrow();
  });
});
