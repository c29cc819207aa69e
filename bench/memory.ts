// Memory (issue 7, item 3): the server's resident memory per idle streaming connection, read from
// /proc/<pid>/status (VmRSS) of the server process before and after opening the connections; and
// the Node SDK's heap for 10,000 flags.
//   pnpm --filter @switchyard/bench memory [-- --connections=10000 --workers=4 --flags=10000]
import { createEvaluator } from '@switchyard/core';
import { createClient } from '@switchyard/sdk-node';
import { options } from './support/args';
import { flagSet } from './support/flag-sets';
import { printLoadAtEnd, printMachine } from './support/machine';
import { startServer } from './support/server';
import { formatNumber, printTable } from './support/table';
import { ClientPool } from './stream/client-pool';

const opts = options({ connections: 10_000, workers: 4, flags: 10_000, perKey: 1_000, settleMs: 5_000, target: 10 });
const KiB = 1024;
printMachine('Memory: server per idle connection, SDK per 10,000 flags');

const gc = () => (globalThis as { gc?: () => void }).gc!();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// 1. Server: RSS at 0, N/2 and N idle connections (synced, answering pings, sending nothing else).
const server = await startServer({ STREAM_MAX_CONNECTIONS_PER_KEY: String(opts.connections), HTTP_MAX_CONNECTIONS: String(Math.max(15_000, opts.connections + 1_000)) });
let failed = false;
try {
  // A handful of flags, so that each connection got a real snapshot.
  for (const f of ['mem-a', 'mem-b', 'mem-c']) await server.must('POST', '/api/v1/flags', { key: f, type: 'release', owner: 'bench' });
  const keys = await server.keys('server', Math.ceil(opts.connections / opts.perKey));
  const half = Math.floor(keys.length / 2);
  const plan = (ks: string[]) => ks.map((secret) => ({ secret, kind: 'server' as const, count: Math.min(opts.perKey, opts.connections) }));
  // Warm the server's code paths and heap with one small round of connections first.
  const warm = new ClientPool(1);
  await warm.start();
  await warm.connect(server.streamUrl, [{ secret: keys[0]!, kind: 'server', count: 200 }]);
  await warm.closeConnections();
  await warm.stop();
  await sleep(opts.settleMs);
  const rss0 = server.rssKiB();
  const first = new ClientPool(opts.workers);
  await first.start();
  const a = await first.connect(server.streamUrl, plan(keys.slice(0, half)));
  await sleep(opts.settleMs);
  const rssHalf = server.rssKiB();
  const second = new ClientPool(opts.workers);
  await second.start();
  const b = await second.connect(server.streamUrl, plan(keys.slice(half)));
  await sleep(opts.settleMs);
  const rssFull = server.rssKiB();
  const n = a.synced + b.synced;
  const perConn = ((rssFull - rss0) * KiB) / n;
  const slope = ((rssFull - rssHalf) * KiB) / b.synced;
  console.log('## Server memory per idle connection (VmRSS of the server process)');
  printTable(
    ['idle connections', 'server VmRSS MiB', 'per connection (from 0)'],
    [
      ['0', rss0 / KiB, ''],
      [a.synced, rssHalf / KiB, `${formatNumber(((rssHalf - rss0) * KiB) / a.synced / KiB)} KiB`],
      [n, rssFull / KiB, `${formatNumber(perConn / KiB)} KiB`],
    ],
  );
  console.log(`marginal (the second ${b.synced.toLocaleString('en-US')}): ${formatNumber(slope / KiB)} KiB per connection`);
  console.log(`target: < ${opts.target} KiB per idle connection: ${perConn / KiB < opts.target ? 'met' : 'MISSED'} (${formatNumber(perConn / KiB)} KiB over ${n.toLocaleString('en-US')}; settled ${opts.settleMs} ms after connecting; RSS includes V8 heap slack not yet returned)`);
  await first.stop();
  await second.stop();
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await server.stop().catch(() => undefined);
}

// 2. SDK: heap held by a client for N flags (in this process, two GCs around it).
console.log(`\n## Node SDK memory for ${opts.flags.toLocaleString('en-US')} flags (heapUsed delta, node --expose-gc)`);
const json = JSON.stringify({ environment: 'bench', version: 1, flags: flagSet(opts.flags), segments: [] });
const rows: (string | number)[][] = [];
const measure = (label: string, make: () => unknown) => {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = make();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  rows.push([label, (after - before) / KiB / KiB, `${formatNumber((after - before) / opts.flags)} B`]);
  return held;
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const keep: unknown[] = [];
keep.push(measure('parsed rule set only (JSON.parse of the snapshot body)', () => JSON.parse(json)));
keep.push(measure('core evaluator (createEvaluator), with its source flags', () => { const rs = JSON.parse(json); return createEvaluator(rs); }));
keep.push(measure('sdk-node client (offline, bootstrap)', () => createClient({ offline: true, bootstrap: JSON.parse(json), logger: silent })));
printTable(['what', 'heap MiB', 'per flag'], rows);
console.log(`snapshot body: ${formatNumber(Buffer.byteLength(json) / KiB / KiB)} MiB of JSON for ${opts.flags.toLocaleString('en-US')} flags`);
void keep;
printLoadAtEnd();
process.exit(failed ? 1 : 0);
