import { initialState } from '@switchyard/core';
import { expect, it } from 'vitest';
import type { EvaluationCountRecord } from '../../src/db/records';
import { describeContract } from './support/contract';
import { at, batch, measurement, T0 } from './support/records';

const byKey = (rows: EvaluationCountRecord[]) => [...rows].sort((a, b) => `${a.envKey}/${a.flagKey}/${a.variant}`.localeCompare(`${b.envKey}/${b.flagKey}/${b.variant}`));

describeContract('EvaluationStore', (ctx) => {
  it('creates rows, then adds counts: first time kept, last time moved', async () => {
    await ctx.write((tx) =>
      tx.evaluations.add(
        'production',
        [
          { flagKey: 'f1', variant: 'on', count: 3 },
          { flagKey: 'f1', variant: '', count: 1 },
        ],
        T0,
      ),
    );
    await ctx.write((tx) => tx.evaluations.add('production', [{ flagKey: 'f1', variant: 'on', count: 4 }], at(5)));
    expect(await ctx.db.read((s) => s.evaluations.listForFlag('f1'))).toEqual([
      { envKey: 'production', flagKey: 'f1', variant: '', count: 1, firstEvaluatedAt: T0, lastEvaluatedAt: T0 },
      { envKey: 'production', flagKey: 'f1', variant: 'on', count: 7, firstEvaluatedAt: T0, lastEvaluatedAt: at(5) },
    ]);
  });

  it('sums repeated counters of one report', async () => {
    await ctx.write((tx) =>
      tx.evaluations.add(
        'production',
        [
          { flagKey: 'f1', variant: 'on', count: 2 },
          { flagKey: 'f1', variant: 'on', count: 5 },
        ],
        T0,
      ),
    );
    expect(await ctx.db.read((s) => s.evaluations.listAll())).toEqual([{ envKey: 'production', flagKey: 'f1', variant: 'on', count: 7, firstEvaluatedAt: T0, lastEvaluatedAt: T0 }]);
  });

  it('lists one flag by environment then variant, and everything', async () => {
    await ctx.write(async (tx) => {
      await tx.evaluations.add('staging', [{ flagKey: 'f1', variant: 'off', count: 1 }], T0);
      await tx.evaluations.add('production', [{ flagKey: 'f1', variant: 'on', count: 1 }, { flagKey: 'f1', variant: 'Off', count: 1 }, { flagKey: 'f2', variant: 'on', count: 9 }], T0);
      await tx.evaluations.add('production', [], at(1));
    });
    const rows = await ctx.db.read((s) => s.evaluations.listForFlag('f1'));
    expect(rows.map((r) => `${r.envKey}/${r.variant}`)).toEqual(['production/Off', 'production/on', 'staging/off']);
    const all = await ctx.db.read((s) => s.evaluations.listAll());
    expect(byKey(all).map((r) => `${r.envKey}/${r.flagKey}/${r.variant}=${r.count}`)).toEqual(['production/f1/Off=1', 'production/f1/on=1', 'production/f2/on=9', 'staging/f1/off=1']);
    expect(await ctx.db.read((s) => s.evaluations.listForFlag('none'))).toEqual([]);
  });

  it('keeps counts beyond 32 bits', async () => {
    await ctx.write((tx) => tx.evaluations.add('production', [{ flagKey: 'f1', variant: 'on', count: 2 ** 31 }], T0));
    await ctx.write((tx) => tx.evaluations.add('production', [{ flagKey: 'f1', variant: 'on', count: 2 ** 31 }], T0));
    expect((await ctx.db.read((s) => s.evaluations.listAll()))[0]?.count).toBe(2 ** 32);
  });
});

describeContract('MigrationStore', (ctx) => {
  it('puts and gets settings (exact ratio, gates JSON), replacing them', async () => {
    const settings = { flagKey: 'm1', backfillRequired: true, gates: { minComparedReads: 10, maxErrorRate: 0.001 }, checkRatio: 0.1 };
    await ctx.write((tx) => tx.migrations.putSettings(settings));
    expect(await ctx.db.read((s) => s.migrations.getSettings('m1'))).toEqual(settings);
    const next = { flagKey: 'm1', backfillRequired: false, gates: {}, checkRatio: 1 / 3 };
    await ctx.write((tx) => tx.migrations.putSettings(next));
    expect(await ctx.db.read((s) => s.migrations.getSettings('m1'))).toEqual(next);
    expect(await ctx.db.read((s) => s.migrations.getSettings('m2'))).toBeUndefined();
  });

  it('puts and gets the state per flag and environment, replacing it', async () => {
    const state = { flagKey: 'm1', envKey: 'production', state: initialState(T0, { backfillRequired: true }), updatedAt: T0 };
    await ctx.write(async (tx) => {
      await tx.migrations.putState(state);
      await tx.migrations.putState({ ...state, envKey: 'staging' });
    });
    expect(await ctx.db.read((s) => s.migrations.getState('m1', 'production'))).toEqual(state);
    const moved = { ...state, state: { ...state.state, stage: 'dualwrite' as const, enteredStageAt: at(1) }, updatedAt: at(1) };
    await ctx.write((tx) => tx.migrations.putState(moved));
    const got = await ctx.db.read((s) => s.migrations.getState('m1', 'production'));
    expect(got).toEqual(moved);
    expect(JSON.stringify(got)).toBe(JSON.stringify(moved));
    expect((await ctx.db.read((s) => s.migrations.getState('m1', 'staging')))?.state.stage).toBe('off');
    expect(await ctx.db.read((s) => s.migrations.getState('m1', 'development'))).toBeUndefined();
  });

  it('puts batches (a re-report replaces the report), gets one, lists by job then cursor', async () => {
    await ctx.write(async (tx) => {
      await tx.migrations.putBatch(batch('job-b', '000', '100'));
      await tx.migrations.putBatch(batch('job-a', '100', '200'));
      await tx.migrations.putBatch(batch('job-a', '000', '100'));
      await tx.migrations.putBatch(batch('Job-c', '000', '100'));
      await tx.migrations.putBatch(batch('job-a', '000', '100', { envKey: 'staging' }));
      await tx.migrations.putBatch(batch('job-a', '000', '100', { flagKey: 'm2' }));
    });
    const replaced = batch('job-a', '000', '100', { report: '{"status":"failed"}', updatedAt: at(9) });
    await ctx.write((tx) => tx.migrations.putBatch(replaced));
    expect(await ctx.db.read((s) => s.migrations.getBatch('m1', 'production', 'job-a', '000', '100'))).toEqual(replaced);
    expect(await ctx.db.read((s) => s.migrations.getBatch('m1', 'production', 'job-a', '000', '101'))).toBeUndefined();
    const list = await ctx.db.read((s) => s.migrations.listBatches('m1', 'production'));
    expect(list.map((b) => `${b.jobName}:${b.cursorStart}`)).toEqual(['Job-c:000', 'job-a:000', 'job-a:100', 'job-b:000']);
    const jobA = await ctx.db.read((s) => s.migrations.listBatches('m1', 'production', 'job-a'));
    expect(jobA).toEqual([replaced, batch('job-a', '100', '200')]);
  });

  it('adds measurements into their minute: counters summed, latency buckets added element-wise', async () => {
    const minute = '2026-03-01T10:03:00.000Z';
    await ctx.write((tx) => tx.migrations.addMeasurement(measurement(minute)));
    await ctx.write((tx) =>
      tx.migrations.addMeasurement(measurement(minute, { oldInvocations: 5, oldErrors: 0, newInvocations: 2, newErrors: 3, compared: 1, consistent: 1, oldLatency: [0, 6], newLatency: [1, 1, 1, 1] })),
    );
    expect(await ctx.db.read((s) => s.migrations.listMeasurements('m1', 'production', 'shadow', minute))).toEqual([
      measurement(minute, { oldInvocations: 15, oldErrors: 1, newInvocations: 10, newErrors: 3, compared: 8, consistent: 7, oldLatency: [1, 8, 3], newLatency: [1, 5, 1, 1] }),
    ]);
    await ctx.write((tx) => tx.migrations.addMeasurement(measurement(minute, { oldLatency: [], newLatency: [] })));
    const [row] = await ctx.db.read((s) => s.migrations.listMeasurements('m1', 'production', 'shadow', minute));
    expect([row?.oldLatency, row?.newLatency, row?.oldInvocations]).toEqual([[1, 8, 3], [1, 5, 1, 1], 25]);
  });

  it('lists a stage\'s measurements from a minute on, in minute order', async () => {
    const minutes = ['2026-03-01T10:02:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:01:00.000Z'];
    await ctx.write(async (tx) => {
      for (const m of minutes) await tx.migrations.addMeasurement(measurement(m));
      await tx.migrations.addMeasurement(measurement(minutes[0]!, { stage: 'live' }));
      await tx.migrations.addMeasurement(measurement(minutes[0]!, { envKey: 'staging' }));
    });
    const rows = await ctx.db.read((s) => s.migrations.listMeasurements('m1', 'production', 'shadow', '2026-03-01T10:01:00.000Z'));
    expect(rows.map((r) => r.minute)).toEqual(['2026-03-01T10:01:00.000Z', '2026-03-01T10:02:00.000Z']);
    expect(await ctx.db.read((s) => s.migrations.listMeasurements('m1', 'production', 'live', ''))).toHaveLength(1);
    expect(await ctx.db.read((s) => s.migrations.listMeasurements('m1', 'production', 'rampdown', ''))).toEqual([]);
  });
});
