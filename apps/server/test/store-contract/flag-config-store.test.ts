import { expect, it } from 'vitest';
import { describeContract } from './support/contract';
import { at, config, environment, flag } from './support/records';

describeContract('FlagConfigStore', (ctx) => {
  const setup = () =>
    ctx.write(async (tx) => {
      await tx.environments.insert(environment('development', { createdAt: at(0) }));
      await tx.environments.insert(environment('staging', { createdAt: at(1) }));
      await tx.environments.insert(environment('production', { createdAt: at(2) }));
      for (const key of ['f-b', 'f-a', 'F-c']) await tx.flags.insert(flag(key));
    });

  it('upsert inserts, then replaces; get returns it exactly, JSON key order included', async () => {
    await setup();
    const first = config('f-a', 'production');
    await ctx.write((tx) => tx.configs.upsert(first));
    expect(await ctx.db.read((s) => s.configs.get('f-a', 'production'))).toEqual(first);
    const killed = config('f-a', 'production', {
      enabled: false,
      killed: { reason: 'incident 42', by: 'alice', at: at(3) },
      rules: [{ serve: { variation: 1 }, clauses: [{ values: [1, 2.5, true], op: 'gt', attribute: 'n' }] }],
      prerequisites: [{ flag: 'f-b', variation: 0 }],
      fallthrough: { rollout: { variations: [{ variation: 0, weight: 100_000 }], salt: 's' } },
      targets: [],
      version: 2,
      updatedAt: at(3),
    });
    await ctx.write((tx) => tx.configs.upsert(killed));
    const got = await ctx.db.read((s) => s.configs.get('f-a', 'production'));
    expect(got).toEqual(killed);
    expect(JSON.stringify(got)).toBe(JSON.stringify(killed));
    expect(await ctx.db.read((s) => s.configs.get('f-a', 'staging'))).toBeUndefined();
    expect(await ctx.db.read((s) => s.configs.get('nope', 'production'))).toBeUndefined();
  });

  it('upsertMany inserts new rows and replaces existing ones in one go, exactly as upsert would', async () => {
    await setup();
    await ctx.write((tx) => tx.configs.upsert(config('f-a', 'production')));
    const rows = [config('f-a', 'production', { enabled: false, version: 7, rules: [{ serve: { variation: 1 }, clauses: [{ attribute: 'n', op: 'in', values: ['x'] }] }] }), config('f-b', 'staging', { version: 3 }), config('F-c', 'development')];
    await ctx.write(async (tx) => {
      await tx.configs.upsertMany([]);
      await tx.configs.upsertMany(rows);
    });
    for (const row of rows) expect(JSON.stringify(await ctx.db.read((s) => s.configs.get(row.flagKey, row.envKey)))).toBe(JSON.stringify(row));
  });

  it('lists one flag\'s configs by environment key, also after one was replaced', async () => {
    await setup();
    await ctx.write(async (tx) => {
      for (const env of ['development', 'staging', 'production']) await tx.configs.upsert(config('f-a', env));
      await tx.configs.upsert(config('f-b', 'staging'));
    });
    await ctx.write((tx) => tx.configs.upsert(config('f-a', 'development', { version: 9 })));
    const rows = await ctx.db.read((s) => s.configs.listForFlag('f-a'));
    expect(rows.map((c) => [c.envKey, c.version])).toEqual([
      ['development', 9],
      ['production', 1],
      ['staging', 1],
    ]);
    expect(await ctx.db.read((s) => s.configs.listForFlag('f-c'))).toEqual([]);
  });

  it('lists one environment\'s configs by flag key, compared bytewise', async () => {
    await setup();
    await ctx.write(async (tx) => {
      for (const key of ['f-b', 'f-a', 'F-c']) await tx.configs.upsert(config(key, 'production'));
      await tx.configs.upsert(config('f-a', 'staging'));
    });
    const rows = await ctx.db.read((s) => s.configs.listForEnvironment('production'));
    expect(rows.map((c) => c.flagKey)).toEqual(['F-c', 'f-a', 'f-b']);
    expect(rows[1]).toEqual(config('f-a', 'production'));
  });

  it('refuses a config for a flag that does not exist', async () => {
    await setup();
    await expect(ctx.write((tx) => tx.configs.upsert(config('ghost', 'production')))).rejects.toThrow();
  });
});
