// Writes (issue 7, item 6): audited flag changes per second through the admin API, with the stream
// running (server SDK and browser connections receiving every change), on SQLite and — when the
// server supports DATABASE_URL and a PostgreSQL server answers — on PostgreSQL. --postgres=auto
// reports PostgreSQL as pending when none answers; --postgres=true fails the run instead.
//   pnpm --filter @switchyard/bench writes [-- --seconds=10 --flags=64 --concurrency=32 --sdks=100 --browsers=100 --postgres=auto]
import { Agent, request } from 'node:http';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { onBothDatabases } from './support/databases';
import { inParallel, type Server } from './support/server';
import { percentile } from './support/stats';
import { formatNumber, printTable } from './support/table';
import { ClientPool } from './stream/client-pool';

const opts = options({ seconds: 10, flags: 64, concurrency: 32, sdks: 100, browsers: 100, postgres: 'auto', target: 2000, profile: '' });
printMachine('Writes: audited flag changes per second, stream running');

interface Result {
  database: string;
  changes: number;
  seconds: number;
  conflicts: number;
  errors: number;
  audit: string;
  delivered: string;
  /** Server CPU time (user + system, every thread) per change during the timed run, in µs. */
  cpuPerChange: number;
  /** Each accepted toggle's time from request to response, in ms, sorted. */
  latencies: Float64Array;
}

/** Toggles `flags` flags as fast as the server takes it, `concurrency` requests in flight (one per flag at a time). */
async function hammer(server: Server, database: string): Promise<Result> {
  const keys = Array.from({ length: opts.flags }, (_, i) => `write-${i}`);
  const versions = new Map<string, number>();
  const enabled = new Map<string, boolean>();
  await inParallel(keys, 8, async (key) => {
    const created = await server.must('POST', '/api/v1/flags', { key, type: 'release', owner: 'bench', clientSide: true });
    versions.set(key, created.environments.production.version);
    enabled.set(key, false);
  });
  const pool = new ClientPool(1);
  await pool.start();
  const plan = [
    ...(opts.sdks > 0 ? [{ secret: (await server.keys('server', 1))[0]!, kind: 'server' as const, count: opts.sdks }] : []),
    ...(opts.browsers > 0 ? [{ secret: (await server.keys('client', 1))[0]!, kind: 'client' as const, count: opts.browsers }] : []),
  ];
  const connected = await pool.connect(server.streamUrl, plan);

  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const url = new URL(server.baseUrl);
  const post = (path: string, body: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { authorization: `Bearer ${server.proc.adminToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
      });
      req.on('error', reject);
      req.end(data);
    });

  let changes = 0;
  let conflicts = 0;
  let errors = 0;
  const latencies: number[] = [];
  if (opts.profile) server.profile();
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, keys.length) }, async () => {
      while (performance.now() < deadline) {
        const key = keys[next++ % keys.length]!;
        if (versions.get(key)! < 0) continue; // another worker holds this flag
        const base = versions.get(key)!;
        versions.set(key, -1);
        const sent = performance.now();
        const res = await post(`/api/v1/flags/${key}/environments/production/toggle`, { enabled: !enabled.get(key), baseVersion: base, reason: 'bench' });
        if (res.status === 200) {
          latencies.push(performance.now() - sent);
          changes++;
          enabled.set(key, res.body.enabled);
          versions.set(key, res.body.version);
        } else if (res.status === 409) {
          conflicts++;
          versions.set(key, res.body?.details?.current?.version ?? base);
        } else {
          errors++;
          versions.set(key, base);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuPerChange = ((server.cpuMs() - cpu0) * 1000) / Math.max(1, changes);
  if (opts.profile) {
    server.profile();
    await new Promise((r) => setTimeout(r, 500));
    console.log(`server CPU profile of the timed writes (${database}): ${opts.profile}/server-${server.pid}-1.cpuprofile`);
  }
  agent.destroy();
  const verify = await server.must('GET', '/api/v1/audit/verify');
  await pool.closeConnections();
  await pool.stop();
  return {
    database,
    changes,
    seconds,
    conflicts,
    errors,
    audit: `${verify.ok ? 'chain ok' : 'CHAIN BROKEN'}, ${verify.entries.toLocaleString('en-US')} entries`,
    delivered: `${connected.synced} connections`,
    cpuPerChange,
    latencies: Float64Array.from(latencies).sort(),
  };
}

const { results, failed: runFailed, postgresNote } = await onBothDatabases(opts.postgres, opts.profile, async (server, database) => [await hammer(server, database)]);
let failed = runFailed;

printTable(
  ['database', 'changes/s', 'changes', 'seconds', '409s', 'errors', 'server CPU µs/change', 'latency p50 ms', 'p99 ms', 'max ms', 'audit after the run', 'stream'],
  results.map((r) => [
    r.database, r.changes / r.seconds, r.changes, r.seconds, r.conflicts, r.errors, r.cpuPerChange,
    percentile(r.latencies, 50), percentile(r.latencies, 99), r.latencies[r.latencies.length - 1] ?? NaN, r.audit, r.delivered,
  ]),
);
if (postgresNote) console.log(postgresNote);
// Figures from a run that lost changes or broke the audit chain mean nothing: such a run fails.
for (const r of results.filter((x) => x.errors > 0 || !x.audit.startsWith('chain ok'))) {
  console.log(`FAILED: ${r.database}: ${r.errors} toggles answered neither 200 nor 409; audit: ${r.audit}`);
  failed = true;
}
const sq = results.find((r) => r.database.startsWith('SQLite'));
if (sq) console.log(`target: ≥ ${opts.target.toLocaleString('en-US')} audited changes/s on SQLite: ${sq.changes / sq.seconds >= opts.target ? 'met' : 'MISSED'} (${formatNumber(sq.changes / sq.seconds)}/s; ${opts.concurrency} toggles in flight over ${opts.flags} flags, each with its audit entry and a patch to ${opts.sdks} SDKs and values to ${opts.browsers} browsers)`);
printLoadAtEnd();
process.exit(failed ? 1 : 0);
