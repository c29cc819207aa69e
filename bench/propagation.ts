// Propagation (issue 7, item 2): one real server process, N raw protocol connections held by worker
// processes, flags changed through the admin API; time from the API's response (and from its
// request) to each connection applying the change: p50, p99, max, for a normal change and a kill.
// Then browser-style connections, each with its own context (values evaluated by the server).
// Then (--floor, default true) the machine floor of each phase in the same run: a bare node:http
// server writing one prebuilt frame of the size that phase's toggle delivered to as many connections,
// held by as many workers (stream/bare-floor.ts); --frameBytes=N sets that size instead.
//   pnpm --filter @switchyard/bench propagation [-- --connections=10000 --workers=4 --rounds=5 --browsers=1000 --floor=false --frameBytes=N]
import { performance } from 'node:perf_hooks';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { fleetLimits, startServer, type Server } from './support/server';
import { median, percentile } from './support/stats';
import { formatNumber, printTable } from './support/table';
import { measureBareFloor } from './stream/bare-floor';
import { ClientPool, type KeyPlan } from './stream/client-pool';

// frameBytes 0: each floor's frame is the size of the toggle frame its phase's workers received.
const opts = options({ connections: 10_000, workers: 4, rounds: 5, browsers: 1_000, perKey: 1_000, target: 50, profile: '', floor: true, frameBytes: 0 });
const now = () => performance.timeOrigin + performance.now();
const ENV = 'production';
const FLAG = 'bench-propagation';

printMachine('Propagation: admin API change → every connection applied it');

/**
 * `perKey` connections per SDK key: the server refuses more than STREAM_MAX_CONNECTIONS_PER_KEY
 * (default 1,000) per key, so N connections use N / perKey keys; the server is also started with
 * that limit raised to N, for servers that read it, and with the browser limits per source raised
 * as far (every browser here comes from this machine).
 */
// --profile=DIR: the server profiles the timed changes of each phase into DIR (support/cpu-profile-preload.cjs).
const n = Math.max(opts.connections, opts.browsers, 1_000);
const server = await startServer({ ...fleetLimits(n), HTTP_MAX_CONNECTIONS: String(Math.max(15_000, opts.connections + opts.browsers + 1_000)) }, opts.profile);
console.log(`server: pid ${server.pid}, ${server.baseUrl}, SQLite file, LOG_LEVEL=warn`);
await server.must('POST', '/api/v1/flags', { key: FLAG, type: 'release', owner: 'bench', clientSide: true });
// A rule on the context, so that browser values depend on each context.
let enabled = true;
let version: number = (
  await server.must('PATCH', `/api/v1/flags/${FLAG}/environments/${ENV}`, {
    baseVersion: 1,
    enabled: true,
    rules: [{ id: 'nl-de', clauses: [{ attribute: 'country', op: 'in', values: ['NL', 'DE'] }], serve: { variation: 1 } }],
    fallthrough: { variation: 0 },
  })
).version;

interface Sample {
  kind: string;
  fromResponse: number[];
  fromRequest: number[];
  apiMs: number[];
  missing: number;
  /** Payload bytes of the change's frame as a worker received it (0 if none arrived). */
  frameBytes: number;
}

const emptySample = (kind: string): Sample => ({ kind, fromResponse: [], fromRequest: [], apiMs: [], missing: 0, frameBytes: 0 });

/** One change, timed on every connection of the pool. */
async function timeChange(pool: ClientPool, trial: number, change: () => Promise<any>, sample: Sample): Promise<void> {
  await pool.arm(trial);
  const t0 = now();
  const body = await change();
  const t1 = now();
  if (typeof body?.version === 'number') version = body.version;
  const { times, frameBytes } = await pool.collect(trial);
  sample.apiMs.push(t1 - t0);
  sample.frameBytes ||= frameBytes;
  for (const t of times) {
    if (Number.isNaN(t)) sample.missing++;
    else {
      sample.fromResponse.push(t - t1);
      sample.fromRequest.push(t - t0);
    }
  }
  await new Promise((r) => setTimeout(r, 300)); // let acks settle between changes
}

const toggle = (enabled: boolean) => () => server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/toggle`, { enabled, baseVersion: version, reason: 'bench' });
const kill = () => server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/kill`, { reason: 'bench: kill' });
const restore = () => server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/restore`, { reason: 'bench: restore' });

async function phase(title: string, plan: KeyPlan[]): Promise<Sample[]> {
  const total = plan.reduce((s, k) => s + k.count, 0);
  const pool = new ClientPool(opts.workers);
  await pool.start();
  const rss0 = server.rssKiB();
  const c = await pool.connect(server.streamUrl, plan);
  console.log(`\n## ${title}`);
  console.log(`${c.synced.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} connections synced in ${formatNumber(c.ms / 1000)} s over ${opts.workers} worker processes (${plan.length} keys)${Object.keys(c.failures).length ? `; failed: ${JSON.stringify(c.failures)}` : ''}; server RSS ${Math.round(rss0 / 1024)} → ${Math.round(server.rssKiB() / 1024)} MiB`);
  // Figures over fewer connections than asked for are not the figures asked for: printed, but the run fails.
  if (c.synced < total) {
    console.log(`FAILED: only ${c.synced.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} connections synced`);
    failed = true;
  }
  const samples: Sample[] = ['normal change (toggle)', 'kill', 'restore'].map(emptySample);
  let trial = 0;
  // Untimed first change: the first patch after connecting warms every code path once.
  await timeChange(pool, trial++, toggle((enabled = !enabled)), emptySample('warm-up'));
  const cpu0 = server.cpuMs();
  if (opts.profile) server.profile();
  const firstTimed = trial;
  for (let r = 0; r < opts.rounds; r++) {
    await timeChange(pool, trial++, toggle((enabled = !enabled)), samples[0]!);
    // A kill is timed on an enabled flag: killing one that is off serves every browser what it
    // already has, and a browser is sent nothing for such a change. So turn it back on, untimed.
    if (!enabled) await timeChange(pool, trial++, toggle((enabled = true)), emptySample('untimed'));
    await timeChange(pool, trial++, kill, samples[1]!);
    await timeChange(pool, trial++, restore, samples[2]!);
  }
  if (opts.profile) {
    server.profile();
    console.log(`server CPU profile of the timed changes: ${opts.profile}/server-${server.pid}-*.cpuprofile`);
  }
  const changes = trial - firstTimed; // the untimed toggles included: their CPU is in the span too
  console.log(`server CPU per change (fan-out to ${c.synced.toLocaleString('en-US')}, acks included): ${formatNumber((server.cpuMs() - cpu0) / changes)} ms`);
  await pool.closeConnections();
  await pool.stop();
  return samples;
}

/** Prints a phase's table and verdict; false when a connection missed a timed change (its latencies then mean nothing). */
function report(samples: Sample[], connections: number): boolean {
  const rows = samples.map((s) => {
    const r = Float64Array.from(s.fromResponse).sort();
    const q = Float64Array.from(s.fromRequest).sort();
    const api = Float64Array.from(s.apiMs).sort();
    return [
      s.kind,
      `${s.fromResponse.length.toLocaleString('en-US')}${s.missing ? ` (${s.missing} missing)` : ''}`,
      percentile(r, 50), percentile(r, 99), r[r.length - 1]!,
      percentile(q, 50), percentile(q, 99), q[q.length - 1]!,
      percentile(api, 50),
    ];
  });
  printTable(['change', 'deliveries', 'p50 ms (from response)', 'p99', 'max', 'p50 ms (from request)', 'p99', 'max', 'API response ms (p50)'], rows);
  const p99 = Math.max(...samples.slice(0, 2).map((s) => percentile(Float64Array.from(s.fromResponse).sort(), 99)));
  console.log(`target: p99 < ${opts.target} ms at ${connections.toLocaleString('en-US')} connections (normal change and kill, from the API response): ${p99 < opts.target ? 'met' : 'MISSED'} (worst p99 ${formatNumber(p99)} ms)`);
  const missing = samples.reduce((n, s) => n + s.missing, 0);
  if (missing > 0) console.log(`FAILED: ${missing.toLocaleString('en-US')} deliveries of timed changes never arrived`);
  return missing === 0;
}

const keyPlan = (secrets: string[], kind: 'server' | 'client', n: number): KeyPlan[] =>
  secrets.map((secret, i) => ({ secret, kind, count: Math.floor(n / secrets.length) + (i < n % secrets.length ? 1 : 0) }));

/**
 * The machine floor for one phase, measured now with as many connections and a frame of the size its
 * toggle delivered, printed with that toggle's p99 (from the API response) against it.
 */
async function floorSection(phaseName: string, toggled: Sample, connections: number): Promise<void> {
  const frameBytes = opts.frameBytes || toggled.frameBytes;
  if (!frameBytes) throw new Error(`no ${phaseName} toggle frame arrived to take the frame size from; pass --frameBytes=N`);
  const floor = await measureBareFloor({ connections, workers: opts.workers, rounds: opts.rounds, frameBytes });
  console.log(`\n## Machine floor for the ${phaseName}: bare node:http + raw WebSocket frames, same connections and workers`);
  console.log(
    `a bare server process (stream/bare-floor-server.ts: upgrades by hand, no framework) writes one prebuilt ${frameBytes.toLocaleString('en-US')}-byte-payload frame (${opts.frameBytes ? '--frameBytes' : `the size of the ${phaseName}' toggle frame`}) to each of ${floor.connected.toLocaleString('en-US')} connections in one synchronous loop; ${opts.rounds} timed sends after one untimed; latency = arrival (timed as a patch) minus the moment before the loop`,
  );
  const f = Float64Array.from(floor.fromCommand).sort();
  printTable(
    ['', 'deliveries', 'p50 ms (from write loop start)', 'p99', 'max', 'write loop CPU ms per change (median)', 'write loop wall ms (median)'],
    [['bare floor', `${f.length.toLocaleString('en-US')}${floor.missing ? ` (${floor.missing} missing)` : ''}`, percentile(f, 50), percentile(f, 99), f[f.length - 1]!, median(floor.loopCpuMs), median(floor.loopWallMs)]],
  );
  const ours = percentile(Float64Array.from(toggled.fromResponse).sort(), 99);
  const base = percentile(f, 99);
  console.log(`Switchyard p99 (toggle, ${phaseName}) ${formatNumber(ours)} ms = ${formatNumber(ours / base)}× the floor's p99 ${formatNumber(base)} ms`);
}

let failed = false;
let toggled: Sample | undefined; // the server SDK phase's toggle, for its floor section
let browserToggled: Sample | undefined; // the browser phase's, for its own
try {
  console.log(`each change: ${opts.rounds} rounds of toggle, kill, restore (one untimed change first, and an untimed toggle back on before a kill when the timed toggle turned the flag off); from response = arrival minus the moment the API's answer was read, negative only if a frame overtakes the answer (the server answers first and fans out on its next event-loop turn)`);
  const serverKeys = await server.keys('server', Math.ceil(opts.connections / opts.perKey));
  const serverSamples = await phase(`${opts.connections.toLocaleString('en-US')} server SDK connections (patch per change)`, keyPlan(serverKeys, 'server', opts.connections));
  if (!report(serverSamples, opts.connections)) failed = true;
  toggled = serverSamples[0];
  if (opts.browsers > 0) {
    const clientKeys = await server.keys('client', Math.ceil(opts.browsers / opts.perKey));
    const browserSamples = await phase(`${opts.browsers.toLocaleString('en-US')} browser connections, each its own context (values evaluated per context)`, keyPlan(clientKeys, 'client', opts.browsers));
    if (!report(browserSamples, opts.browsers)) failed = true;
    browserToggled = browserSamples[0];
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  if (opts.profile) await new Promise((r) => setTimeout(r, 500)); // the last profile is being written
  await stopQuietly(server);
}
// After Switchyard's server has stopped, so that the floor has the machine to itself as Switchyard had.
if (opts.floor && !failed && toggled) {
  try {
    await floorSection('server SDKs', toggled, opts.connections);
    if (browserToggled) await floorSection('browsers', browserToggled, opts.browsers);
  } catch (err) {
    failed = true;
    console.error(err);
  }
}
printLoadAtEnd();
process.exit(failed ? 1 : 0);

async function stopQuietly(s: Server): Promise<void> {
  try {
    await s.stop();
  } catch {
    /* already gone */
  }
}
