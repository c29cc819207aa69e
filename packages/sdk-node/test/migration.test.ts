import { MIGRATION_STAGES, migrationMeasurementsBody, type JsonValue, type MigrationMeasurement, type MigrationStage } from '@switchyard/core';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client/create-client';
import { createMigration, type MigrationOptions } from '../src/migration/migration';
import { createTestData } from '../src/test-data/test-data';
import { silentLogger } from './support/fake-platform';

/** Two fake stores recording every call, in order. */
function fakeStores(opts: { failRead?: Partial<Record<'old' | 'new', boolean>>; failWrite?: Partial<Record<'old' | 'new', boolean>>; delayMs?: Partial<Record<'old' | 'new', number>> } = {}) {
  const data = { old: new Map<string, string>([['k', 'v']]), new: new Map<string, string>([['k', 'v']]) };
  const calls: string[] = [];
  const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));
  const read = (origin: 'old' | 'new') => async (key: string) => {
    calls.push(`read:${origin}:start`);
    await wait(opts.delayMs?.[origin]);
    calls.push(`read:${origin}:end`);
    if (opts.failRead?.[origin]) throw new Error(`${origin} read failed`);
    return data[origin].get(key) ?? null;
  };
  const write = (origin: 'old' | 'new') => async ({ key, value }: { key: string; value: string }) => {
    calls.push(`write:${origin}`);
    if (opts.failWrite?.[origin]) throw new Error(`${origin} write failed`);
    data[origin].set(key, value);
    return origin;
  };
  const options: MigrationOptions<string | null, string, string, { key: string; value: string }> = {
    readOld: read('old'),
    readNew: read('new'),
    writeOld: write('old'),
    writeNew: write('new'),
  };
  return { data, calls, options };
}

const served = (stage: MigrationStage, checkRatio = 1): JsonValue => ({ stage, checkRatio });

function helper(stage: JsonValue, stores: ReturnType<typeof fakeStores>, extra: Partial<MigrationOptions<string | null, string, string, { key: string; value: string }>> = {}, random = () => 0) {
  return createMigration('orders-ref', { ...stores.options, ...extra }, { evaluate: () => stage, send: undefined, random });
}

const only = (m: MigrationMeasurement[]) => {
  expect(m).toHaveLength(1);
  return m[0]!;
};

describe('migration helper: plans per stage', () => {
  const expected: Record<MigrationStage, { reads: string[]; returned: 'old' | 'new'; compared: boolean; writes: string[] }> = {
    off: { reads: ['old'], returned: 'old', compared: false, writes: ['old'] },
    dualwrite: { reads: ['old'], returned: 'old', compared: false, writes: ['old', 'new'] },
    shadow: { reads: ['old', 'new'], returned: 'old', compared: true, writes: ['old', 'new'] },
    live: { reads: ['new', 'old'], returned: 'new', compared: true, writes: ['new', 'old'] },
    rampdown: { reads: ['new'], returned: 'new', compared: false, writes: ['new', 'old'] },
    complete: { reads: ['new'], returned: 'new', compared: false, writes: ['new'] },
  };

  for (const stage of MIGRATION_STAGES) {
    it(`${stage}: reads ${expected[stage].reads.join('+')}, returns ${expected[stage].returned}, writes ${expected[stage].writes.join(' then ')}`, async () => {
      const stores = fakeStores();
      stores.data.old.set('k', 'old-value');
      stores.data.new.set('k', 'new-value');
      const m = helper(served(stage), stores, { execution: 'serial' });
      const read = await m.read({ key: 'u' }, 'k');
      expect(read).toEqual({ ok: true, value: `${expected[stage].returned}-value`, origin: expected[stage].returned });
      expect(stores.calls.filter((c) => c.endsWith(':start')).map((c) => c.split(':')[1])).toEqual(expected[stage].reads);
      stores.calls.length = 0;
      const write = await m.write({ key: 'u' }, { key: 'k', value: 'w' });
      expect(write).toEqual({ ok: true, value: expected[stage].writes[0], origin: expected[stage].writes[0] });
      expect(stores.calls).toEqual(expected[stage].writes.map((o) => `write:${o}`));
      const measured = only(m.recorder.drain());
      expect(measured).toMatchObject({ flag: 'orders-ref', stage, compared: expected[stage].compared ? 1 : 0, consistent: 0 });
      const count = (o: string) => expected[stage].reads.filter((x) => x === o).length + expected[stage].writes.filter((x) => x === o).length;
      expect(measured.old.invocations).toBe(count('old'));
      expect(measured.new.invocations).toBe(count('new'));
      expect(measured.old.latency.reduce((a, b) => a + b, 0)).toBe(count('old'));
      expect(migrationMeasurementsBody.safeParse({ measurements: [measured] }).success).toBe(true);
    });
  }

  it('falls back to defaultStage (off unless given) when the flag serves no stage', async () => {
    const stores = fakeStores();
    for (const value of [null, 'live', { stage: 'bogus' }, [1]] as JsonValue[]) {
      const r = await helper(value, stores).read(undefined, 'k');
      expect(r).toMatchObject({ ok: true, origin: 'old' });
    }
    expect(await helper(null, stores, { defaultStage: 'complete' }).read(undefined, 'k')).toMatchObject({ ok: true, origin: 'new' });
    const throwing = createMigration('f', stores.options, { evaluate: () => { throw new Error('x'); }, send: undefined });
    expect(await throwing.read(undefined, 'k')).toMatchObject({ ok: true, origin: 'old' });
  });
});

describe('migration helper: failures', () => {
  it('a failure of the returned read fails the caller; the other side never does', async () => {
    const oldFails = fakeStores({ failRead: { old: true } });
    const shadow = helper(served('shadow'), oldFails);
    const r = await shadow.read(undefined, 'k');
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ origin: 'old' });
    expect((r as { error: Error }).error.message).toBe('old read failed');
    const live = helper(served('live'), oldFails);
    expect(await live.read(undefined, 'k')).toEqual({ ok: true, value: 'v', origin: 'new' });
    const m = only(live.recorder.drain());
    expect(m).toMatchObject({ old: { invocations: 1, errors: 1 }, new: { invocations: 1, errors: 0 }, compared: 0 });
    expect(only(shadow.recorder.drain())).toMatchObject({ old: { errors: 1 }, compared: 0 });
  });

  it('exceptions thrown synchronously by user functions are failures, never thrown', async () => {
    const stores = fakeStores();
    const boom = () => {
      throw new Error('sync boom');
    };
    const m = helper(served('shadow'), stores, { readOld: boom, writeOld: boom });
    await expect(m.read(undefined, 'k')).resolves.toMatchObject({ ok: false, origin: 'old' });
    await expect(m.write(undefined, { key: 'k', value: 'x' })).resolves.toMatchObject({ ok: false, origin: 'old' });
  });

  it('a failed authoritative write fails the operation and skips the other store', async () => {
    const stores = fakeStores({ failWrite: { new: true } });
    const m = helper(served('live'), stores);
    const r = await m.write(undefined, { key: 'k', value: 'x' });
    expect(r).toMatchObject({ ok: false, origin: 'new' });
    expect(stores.calls).toEqual(['write:new']);
    expect(stores.data.old.get('k')).toBe('v');
    expect(only(m.recorder.drain())).toMatchObject({ new: { invocations: 1, errors: 1 }, old: { invocations: 0 } });
  });

  it('a failed non-authoritative write is counted, not returned', async () => {
    const stores = fakeStores({ failWrite: { new: true } });
    const m = helper(served('dualwrite'), stores);
    expect(await m.write(undefined, { key: 'k', value: 'x' })).toEqual({ ok: true, value: 'old', origin: 'old' });
    expect(stores.calls).toEqual(['write:old', 'write:new']);
    expect(only(m.recorder.drain())).toMatchObject({ old: { invocations: 1, errors: 0 }, new: { invocations: 1, errors: 1 } });
  });
});

describe('migration helper: comparison and sampling', () => {
  it('compares with deep equality by default and counts inconsistencies', async () => {
    const stores = fakeStores();
    const m = helper(served('shadow'), stores);
    await m.read(undefined, 'k');
    stores.data.new.set('k', 'different');
    await m.read(undefined, 'k');
    expect(only(m.recorder.drain())).toMatchObject({ compared: 2, consistent: 1 });
    const objects = createMigration('f', { readOld: () => ({ a: [1, { b: 2 }] }), readNew: () => ({ a: [1, { b: 2 }] }), writeOld: () => 0, writeNew: () => 0 }, { evaluate: () => served('live'), send: undefined });
    await objects.read(undefined, undefined);
    expect(only(objects.recorder.drain())).toMatchObject({ compared: 1, consistent: 1 });
  });

  it('uses the caller check; a throwing check is inconsistent', async () => {
    const stores = fakeStores();
    stores.data.new.set('k', 'V');
    const m = helper(served('shadow'), stores, { check: (a, b) => a?.toLowerCase() === b?.toLowerCase() });
    await m.read(undefined, 'k');
    const t = helper(served('shadow'), stores, { check: () => { throw new Error('bad check'); } });
    expect(await t.read(undefined, 'k')).toMatchObject({ ok: true, value: 'v' });
    expect(only(m.recorder.drain())).toMatchObject({ compared: 1, consistent: 1 });
    expect(only(t.recorder.drain())).toMatchObject({ compared: 1, consistent: 0 });
  });

  it('samples comparisons at the served checkRatio; both stores are still read', async () => {
    const stores = fakeStores();
    let i = 0;
    const randoms = [0.1, 0.3, 0.5, 0.7, 0.9];
    const m = helper(served('shadow', 0.5), stores, {}, () => randoms[i++ % randoms.length]!);
    for (let n = 0; n < 10; n++) await m.read(undefined, 'k');
    expect(only(m.recorder.drain())).toMatchObject({ compared: 4, consistent: 4, old: { invocations: 10 }, new: { invocations: 10 } });
    const never = helper(served('live', 0), stores, {}, () => 0);
    await never.read(undefined, 'k');
    expect(only(never.recorder.drain())).toMatchObject({ compared: 0, new: { invocations: 1 }, old: { invocations: 1 } });
  });
});

describe('migration helper: serial and concurrent reads', () => {
  it('concurrent (default) starts both reads before either ends', async () => {
    const stores = fakeStores({ delayMs: { old: 30, new: 30 } });
    await helper(served('shadow'), stores).read(undefined, 'k');
    expect(stores.calls.slice(0, 2).sort()).toEqual(['read:new:start', 'read:old:start']);
  });

  it('serial reads the returned store to the end first, then the other', async () => {
    const stores = fakeStores({ delayMs: { old: 10, new: 10 } });
    await helper(served('live'), stores, { execution: 'serial' }).read(undefined, 'k');
    expect(stores.calls).toEqual(['read:new:start', 'read:new:end', 'read:old:start', 'read:old:end']);
  });

  it('measures latency per origin into the histogram', async () => {
    const stores = fakeStores({ delayMs: { new: 30 } });
    const m = helper(served('shadow'), stores);
    await m.read(undefined, 'k');
    const measured = only(m.recorder.drain());
    const bucketOf = (h: number[]) => h.findIndex((c) => c > 0);
    expect(bucketOf(measured.new.latency)).toBeGreaterThan(bucketOf(measured.old.latency));
  });
});

describe('migration helper on a client', () => {
  it('follows the served stage of a test-data flag and sends nothing', async () => {
    const td = createTestData();
    td.update(td.flag('orders-ref').variations({ off: served('off'), live: served('live') }).fallthrough('off'));
    const client = createClient({ testData: td, logger: silentLogger });
    const stores = fakeStores();
    stores.data.new.set('k', 'new');
    const m = client.migration('orders-ref', stores.options);
    expect(await m.read({ key: 'u' }, 'k')).toMatchObject({ origin: 'old', value: 'v' });
    td.update(td.flag('orders-ref').fallthrough('live'));
    expect(await m.read({ key: 'u' }, 'k')).toMatchObject({ origin: 'new', value: 'new' });
    await m.flush();
    await client.close();
  });

  it('sends measurements with the SDK key on flush and on close, per (flag, stage)', async () => {
    const bodies: { auth: string | undefined; body: any }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        if (req.url === '/sdk/v1/migration-measurements') bodies.push({ auth: req.headers.authorization, body: JSON.parse(text) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"skipped":0}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const flag = { key: 'orders-ref', variationType: 'json', variations: [{ name: 'shadow', value: served('shadow') }], offVariation: 0, fallthrough: { variation: 0 }, enabled: true, targets: [], rules: [], salt: 's', version: 1 };
      const client = createClient({ sdkKey: 'sys_test', baseUrl, stream: false, pollIntervalMs: 60_000, bootstrap: { flags: [flag], segments: [] } as never, logger: silentLogger });
      const stores = fakeStores();
      const m = client.migration('orders-ref', stores.options, );
      await m.read(undefined, 'k');
      await m.read(undefined, 'k');
      await m.flush();
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.auth).toBe('Bearer sys_test');
      expect(migrationMeasurementsBody.safeParse(bodies[0]!.body).success).toBe(true);
      expect(bodies[0]!.body.measurements[0]).toMatchObject({ flag: 'orders-ref', stage: 'shadow', compared: 2, consistent: 2, old: { invocations: 2 } });
      await m.flush(); // nothing counted: nothing sent
      expect(bodies).toHaveLength(1);
      await m.write(undefined, { key: 'k', value: 'x' });
      await client.close();
      expect(bodies).toHaveLength(2);
      expect(bodies[1]!.body.measurements[0]).toMatchObject({ compared: 0, old: { invocations: 1 }, new: { invocations: 1 } });
    } finally {
      server.close();
    }
  });

  it('sends every migrationReportIntervalMs', async () => {
    let sent = 0;
    const stores = fakeStores();
    const m = createMigration('f', { ...stores.options, migrationReportIntervalMs: 20 }, { evaluate: () => served('off'), send: async () => (sent++, true) });
    await m.read(undefined, 'k');
    // Sent on the interval's timer (nothing else would send it), then nothing more: no new measurement.
    await vi.waitFor(() => expect(sent).toBe(1), { timeout: 5_000, interval: 5 });
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toBe(1);
  });
});
