import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersDb, customerRefMigration, runBackfill, untilStage, Workload } from '../../examples/migration/customers';
import { createClient, type SwitchyardClient } from '../../packages/sdk-node/src/index';
import { ServerProcess } from '../support/server-process';

const ROWS = 200;
const ENV = 'production';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const gates = { minComparedReads: 50, minConsistencyRate: 0.999, minShadowDwellMs: 0, minLiveDwellMs: 0, compatibilityWindowMs: 0 };

const server = new ServerProcess();
let sdkKey: string;
const clients: SwitchyardClient[] = [];
const dbs: CustomersDb[] = [];

beforeAll(async () => {
  await server.start();
  sdkKey = (await server.sdkKey('server')).secret;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const db of dbs) db.close();
  await server.dispose();
});

async function setUp(flagKey: string) {
  const created = await server.api('POST', '/api/v1/flags', { key: flagKey, type: 'migration', owner: 'team-customers', migration: { gates } });
  expect(created.status).toBe(201);
  const db = new CustomersDb(join(server.dir, `${flagKey}.db`), ROWS);
  dbs.push(db);
  const client = createClient({ sdkKey, baseUrl: server.baseUrl, logger: quiet });
  clients.push(client);
  expect(await client.waitForReady(15_000)).toBe(true);
  const migration = customerRefMigration(client, flagKey, db, 200);
  const workload = new Workload(migration, ROWS, (id) => `legacy-${id}`);
  const base = `/api/v1/flags/${flagKey}/environments/${ENV}/migration`;
  /** Moves the flag and waits until the SDK serves the stage and every write in flight has finished. */
  const move = async (to: string) => {
    const res = await server.api('POST', `${base}/transition`, { to, reason: `e2e: to ${to}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await untilStage(client, flagKey, to);
    await workload.settled();
    return res.body;
  };
  /** Flushes the helper until the server's figures for the stage reach `compared` reads. */
  const untilCompared = async (compared: number, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await migration.flush();
      const view = (await server.api('GET', base)).body;
      if (view.figures.comparedReads >= compared) return view.figures;
      if (Date.now() > deadline) throw new Error(`compared reads stuck at ${view.figures.comparedReads}`);
      const reads = workload.reads;
      // Wait for more reads to have happened rather than for a fixed time.
      while (workload.reads < reads + 20) await new Promise((r) => setTimeout(r, 20));
    }
  };
  const backfill = async (transform?: (id: number, legacy: string) => string) => {
    const common = { api: server.api.bind(server), flagKey, env: ENV, jobName: `backfill-${flagKey}`, batchSize: 50, transform };
    // The first run dies after two batches; the second resumes from the saved cursor.
    const batches: string[] = [];
    expect(await runBackfill(db, { ...common, stopAfterBatches: 2, onBatch: (s, e) => batches.push(`${s}-${e}`) })).toBeUndefined();
    const range = await runBackfill(db, { ...common, onBatch: (s, e) => batches.push(`${s}-${e}`) });
    expect(batches).toEqual(['1-51', '51-101', '101-151', '151-201']);
    expect(range).toEqual({ start: '1', end: '201' });
    const attest = await server.api('POST', `${base}/attest`, { direction: 'forward', jobName: common.jobName, range, reason: 'backfill finished' });
    expect(attest.status, JSON.stringify(attest.body)).toBe(200);
    expect(attest.body.state.newStore.fresh).toBe(true);
  };
  return { db, client, migration, workload, move, untilCompared, backfill, base };
}

describe('expand/contract migration of the customer reference, through the SDK helper against the real server', () => {
  it('moves off → dualwrite → backfill → shadow → live → rampdown → complete with no wrong read and no lost write', async () => {
    const t = await setUp('customer-ref');
    t.db.expand();
    t.workload.start();
    await new Promise((r) => setTimeout(r, 200)); // some traffic in off
    await t.move('dualwrite');
    await t.backfill();
    await t.move('shadow');
    const figures = await t.untilCompared(50);
    expect(figures.consistencyRate).toBeGreaterThanOrEqual(0.999);
    const live = await t.move('live');
    expect(live.state.stage).toBe('live');
    await t.untilCompared(10); // live compares too (against the old store)
    await t.move('rampdown');
    await t.move('complete');
    const reads = t.workload.reads;
    while (t.workload.reads < reads + 50) await new Promise((r) => setTimeout(r, 20));
    await t.workload.stop();
    await t.migration.flush();

    expect(t.workload.failures).toEqual([]);
    expect(t.workload.wrongReads).toEqual([]);
    expect(t.workload.writes).toBeGreaterThan(50);
    for (const row of t.db.all()) expect(row.external_reference, `customer ${row.id}`).toBe(t.workload.expected(row.id));
    expect((await server.api('GET', t.base)).body.stage).toBe('complete');
  }, 60_000);

  it('refuses shadow → live when a buggy backfill transform makes the stores disagree, with the figure in the refusal and the audit log', async () => {
    const t = await setUp('customer-ref-buggy');
    t.db.expand();
    t.workload.start();
    await t.move('dualwrite');
    // The bug: every fifth customer's reference is copied upper-cased.
    await t.backfill((id, legacy) => (id % 5 === 0 ? legacy.toUpperCase() : legacy));
    await t.move('shadow');
    const figures = await t.untilCompared(50);
    expect(figures.consistencyRate).toBeLessThan(0.999);

    const refused = await server.api('POST', `${t.base}/transition`, { to: 'live', reason: 'e2e: promote' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MIGRATION_REFUSED');
    const reason = refused.body.details.reasons.find((r: any) => r.gate === 'consistency');
    expect(reason).toMatchObject({ rule: 'gate', threshold: 0.999 });
    expect(reason.measured).toBeLessThan(0.999);
    expect(reason.measured).toBeGreaterThan(0.5);
    const audit = (await server.api('GET', '/api/v1/flags/customer-ref-buggy/audit?action=migration.refused')).body.items;
    expect(audit.length).toBeGreaterThanOrEqual(1);
    const audited = audit[0].after.reasons.find((r: any) => r.gate === 'consistency');
    expect(audited.measured).toBeLessThan(0.999);
    expect(audit[0].after).toMatchObject({ from: 'shadow', to: 'live' });

    await t.workload.stop();
    // The caller never saw the bug: shadow returns the old store's values.
    expect(t.workload.wrongReads).toEqual([]);
    expect(t.workload.failures).toEqual([]);
    expect((await server.api('GET', t.base)).body.stage).toBe('shadow');
  }, 60_000);
});
