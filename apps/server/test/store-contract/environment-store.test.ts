import { expect, it } from 'vitest';
import { describeContract } from './support/contract';
import { at, environment, T0 } from './support/records';

describeContract('EnvironmentStore', (ctx) => {
  it('gets nothing and lists nothing on an empty database', async () => {
    expect(await ctx.db.read((s) => s.environments.list())).toEqual([]);
    expect(await ctx.db.read((s) => s.environments.get('production'))).toBeUndefined();
  });

  it('inserts and gets an environment as written', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production', { name: 'Production', version: 7, sizeBytes: 1_000, flagCount: 2, segmentCount: 1 })));
    expect(await ctx.db.read((s) => s.environments.get('production'))).toEqual({
      key: 'production',
      name: 'Production',
      version: 7,
      createdAt: T0,
      sizeBytes: 1_000,
      flagCount: 2,
      segmentCount: 1,
      sizedVersion: 7,
    });
  });

  it('keeps a running size: bumpVersion adds its delta in the same statement, addSize and setSize adjust it', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production', { version: 3, sizeBytes: 100, flagCount: 1 })));
    const bumped = await ctx.write((tx) => tx.environments.bumpVersion('production', { bytes: 50, flags: 1, segments: 1 }));
    expect(bumped).toEqual({ version: 4, size: { bytes: 150, flags: 2, segments: 1 } });
    expect(await ctx.write((tx) => tx.environments.bumpVersion('production'))).toEqual({ version: 5, size: { bytes: 150, flags: 2, segments: 1 } });
    expect(await ctx.write((tx) => tx.environments.addSize('production', { bytes: -40, flags: -1, segments: 0 }))).toEqual({ bytes: 110, flags: 1, segments: 1 });
    expect(await ctx.db.read((s) => s.environments.get('production'))).toMatchObject({ version: 5, sizeBytes: 110, flagCount: 1, segmentCount: 1, sizedVersion: 5 });
  });

  it('bumpVersion answers no size when it was not current (an older database, a write that did not keep it) until setSize makes it so', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production', { version: 9, sizedVersion: -1 })));
    expect(await ctx.write((tx) => tx.environments.bumpVersion('production', { bytes: 10, flags: 1, segments: 0 }))).toEqual({ version: 10, size: undefined });
    await expect(ctx.write((tx) => tx.environments.addSize('production', { bytes: 1, flags: 0, segments: 0 }))).rejects.toThrow(/production/);
    await ctx.write((tx) => tx.environments.setSize('production', { bytes: 500, flags: 4, segments: 2 }));
    expect(await ctx.write((tx) => tx.environments.bumpVersion('production', { bytes: 10, flags: 0, segments: 0 }))).toEqual({ version: 11, size: { bytes: 510, flags: 4, segments: 2 } });
  });

  it('lists by creation time, then by key compared bytewise', async () => {
    await ctx.write(async (tx) => {
      for (const key of ['ab', 'a-c', 'B', 'a_b']) await tx.environments.insert(environment(key));
      await tx.environments.insert(environment('zz-oldest', { createdAt: at(-1) }));
      await tx.environments.insert(environment('aa-newest', { createdAt: at(1) }));
    });
    const keys = (await ctx.db.read((s) => s.environments.list())).map((e) => e.key);
    // Bytewise: 'B' (0x42) < 'a-c' ('-' 0x2d) < 'a_b' ('_' 0x5f) < 'ab'; a linguistic collation would differ.
    expect(keys).toEqual(['zz-oldest', 'B', 'a-c', 'a_b', 'ab', 'aa-newest']);
  });

  it('refuses a second environment with the same key', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production')));
    await expect(ctx.write((tx) => tx.environments.insert(environment('production', { name: 'again' })))).rejects.toThrow();
    expect((await ctx.db.read((s) => s.environments.get('production')))?.name).toBe('PRODUCTION');
  });

  it('bumpVersion returns each new version, one environment independently of another', async () => {
    await ctx.write(async (tx) => {
      await tx.environments.insert(environment('production'));
      await tx.environments.insert(environment('staging', { version: 41 }));
    });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push(await ctx.write(async (tx) => (await tx.environments.bumpVersion('production')).version));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(await ctx.write(async (tx) => (await tx.environments.bumpVersion('staging')).version)).toBe(42);
    // Several bumps in one transaction: each sees the previous one.
    expect(await ctx.write(async (tx) => [(await tx.environments.bumpVersion('production')).version, (await tx.environments.bumpVersion('production')).version])).toEqual([6, 7]);
    const envs = await ctx.db.read((s) => s.environments.list());
    expect(envs.map((e) => [e.key, e.version])).toEqual([
      ['production', 7],
      ['staging', 42],
    ]);
  });

  it('bumpVersion of an unknown environment throws', async () => {
    await expect(ctx.write((tx) => tx.environments.bumpVersion('nowhere'))).rejects.toThrow(/nowhere/);
  });
});
