// Walks the seed's "Add a required customer field" migration end to end: a real server process,
// a real SQLite file, the Node SDK's migration helper serving reads and writes while the stage is
// advanced through the admin API. Run from the repository root:
//
//   node --import tsx examples/migration/run.ts
//
// Against your own server instead of one it starts: SWITCHYARD_URL=https://flags.example.com
// SWITCHYARD_TOKEN=<admin token> [SWITCHYARD_ENV=staging] (the flag gets a unique key there).
//
// A second pass (`--buggy`) copies some rows wrongly during the backfill and shows the server
// refusing shadow → live on the measured consistency.
import { join } from 'node:path';
import { createClient } from '../../packages/sdk-node/src/index';
import { randomBytes } from 'node:crypto';
import { CustomersDb, customerRefMigration, runBackfill, untilStage, Workload } from './customers';
import { targetServer } from './target-server';

const ROWS = 200;
const ENV = process.env.SWITCHYARD_ENV || 'production';
const buggy = process.argv.includes('--buggy');
// On a server of your own, a key of its own: the example never touches a flag it did not create.
const flagKey = process.env.SWITCHYARD_URL ? `customer-ref-${randomBytes(3).toString('hex')}` : 'customer-ref';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const log = (line: string) => console.log(line);
const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const formatChecks = (checks: any[]) => checks.map((c) => `${c.gate} ${c.passed ? 'passed' : 'FAILED'} (measured ${c.measured ?? 'n/a'} ${c.comparison} ${c.threshold})`).join('; ');

const server = await targetServer();
log(`running against ${server.description}, environment ${ENV}`);
const db = new CustomersDb(join(server.dir, 'customers.db'), ROWS);
const client = createClient({ sdkKey: (await server.sdkKey('server', ENV)).secret, baseUrl: server.baseUrl, logger: quiet });
let workload: Workload | undefined;

try {
  const gates = { minComparedReads: 50, minConsistencyRate: 0.999, minShadowDwellMs: 0, minLiveDwellMs: 0, compatibilityWindowMs: 0 };
  const created = await server.api('POST', '/api/v1/flags', { key: flagKey, type: 'migration', owner: 'team-customers', migration: { gates } });
  if (created.status !== 201) throw new Error(`flag creation failed: ${JSON.stringify(created.body)}`);
  log(`created migration flag ${flagKey} with gates ${JSON.stringify(gates)}`);
  await client.waitForReady(15_000);

  const migration = customerRefMigration(client, flagKey, db, 200);
  workload = new Workload(migration, ROWS, (id) => `legacy-${id}`);
  const base = `/api/v1/flags/${flagKey}/environments/${ENV}/migration`;
  const move = async (to: string): Promise<boolean> => {
    const res = await server.api('POST', `${base}/transition`, { to, reason: `example: to ${to}` });
    if (res.status !== 200) {
      log(`✗ ${to} refused (${res.body.code}):`);
      for (const r of res.body.details.reasons) log(`    - ${r.message}${r.measured !== undefined ? ` [measured ${r.measured}, threshold ${r.threshold}]` : ''}`);
      return false;
    }
    await untilStage(client, flagKey, to);
    await workload!.settled();
    log(`→ stage ${to}${res.body.checks?.length ? `   gates: ${formatChecks(res.body.checks)}` : ''}`);
    return true;
  };
  const figures = async () => (await server.api('GET', base)).body.figures;
  const untilCompared = async (n: number) => {
    for (let f = await figures(); ; f = await figures()) {
      if (f.comparedReads >= n) return f;
      await new Promise((r) => setTimeout(r, 100));
      await migration.flush();
    }
  };

  log('expand: ALTER TABLE customers ADD COLUMN external_reference TEXT');
  db.expand();
  workload.start();
  log(`stage off: reader and writer loops running through client.migration('${flagKey}')`);
  await new Promise((r) => setTimeout(r, 300));

  await move('dualwrite');
  const common = {
    api: server.api.bind(server),
    flagKey,
    env: ENV,
    jobName: 'backfill-external-ref',
    batchSize: 50,
    transform: buggy ? (id: number, legacy: string) => (id % 5 === 0 ? legacy.toUpperCase() : legacy) : undefined,
    onBatch: (s: number, e: number, changed: number) => log(`    backfill batch [${s}, ${e}) reported: ${changed} rows changed`),
  };
  log(`backfill${buggy ? ' (with a buggy transform)' : ''}: first run, interrupted after 2 batches`);
  await runBackfill(db, { ...common, stopAfterBatches: 2 });
  log('backfill: second run, resuming from the saved cursor');
  const range = (await runBackfill(db, common))!;
  const attest = await server.api('POST', `${base}/attest`, { direction: 'forward', jobName: common.jobName, range, reason: 'backfill finished' });
  log(`attest forward over [${range.start}, ${range.end}): HTTP ${attest.status}, new store fresh: ${attest.body.state?.newStore.fresh}`);

  await move('shadow');
  const shadow = await untilCompared(gates.minComparedReads);
  log(`    shadow figures: ${shadow.comparedReads} compared reads, consistency ${pct(shadow.consistencyRate)}, new-store error rate ${pct(shadow.errorRate)}, new p99 ≤ ${shadow.latency.new.p99} ms`);
  if (await move('live')) {
    const live = await untilCompared(10);
    log(`    live figures: ${live.comparedReads} compared reads, consistency ${pct(live.consistencyRate)}`);
    await move('rampdown');
    await move('complete');
    log('contract: the application no longer touches ref_legacy; the column can be dropped in a later release');
  } else {
    const refused = (await server.api('GET', `/api/v1/flags/${flagKey}/audit?action=migration.refused&limit=1`)).body.items[0];
    log(`    audit log: migration.refused ${refused.after.from} → ${refused.after.to}, consistency measured ${refused.after.reasons.find((r: any) => r.gate === 'consistency')?.measured}`);
  }

  await workload.stop();
  await migration.flush();
  const lost = db.all().filter((row) => !buggy && row.external_reference !== workload!.expected(row.id));
  log(`done: ${workload.reads} reads (${workload.wrongReads.length} wrong), ${workload.writes} writes (${workload.failures.length} failed)${buggy ? '' : `, ${lost.length} rows lost a write`}`);
  if (workload.wrongReads.length > 0 || workload.failures.length > 0 || lost.length > 0) process.exitCode = 1;
} finally {
  await workload?.stop();
  await client.close();
  db.close();
  await server.dispose();
}
