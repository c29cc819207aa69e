// Reconnect after a crash (issue 26, item 16): one real server process on SQLite, `clients` real SDK
// clients (half Node SDK on a server key, half browser SDK on a client key, over `ws`) held by worker
// processes with their shipped reconnect policies; the server is killed with SIGKILL, left down for
// `downMs`, and started again on the same port and database. A flag is killed through the admin API
// the moment the server is back: the figures are the time from the server's return to each client
// being back (`ready` again) and to it serving the kill, and what the server saw meanwhile: the
// WebSocket connections opened per second (peak over a sliding second, from its /metrics, polled
// every `sampleMs`), the refusals by reason, and its event-loop delay.
//   pnpm --filter @switchyard/bench reconnect [-- --clients=1000 --workers=2 --downMs=5000 --rounds=3 --browserShare=0.5]
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { fleetLimits, startServer } from './support/server';
import { percentile } from './support/stats';
import { formatNumber, printTable } from './support/table';
import { WorkerPool } from './support/worker-pool';
import type { FromWorker, SdkTimes, ToWorker } from './reconnect/messages';

const opts = options({ clients: 1_000, workers: 2, downMs: 5_000, rounds: 3, browserShare: 0.5, sampleMs: 100, target: 5_000, timeoutMs: 90_000 });
const now = () => performance.timeOrigin + performance.now();
const FLAG = 'bench-reconnect';
const ENV = 'production';
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'reconnect', 'sdk-worker.ts');

printMachine('Reconnect after a crash: server killed (SIGKILL), down, restarted; a kill made at its return');

// Every client comes from this machine: the per-key and per-source limits are raised past the fleet.
const server = await startServer(fleetLimits(Math.max(opts.clients, 1_000)));
console.log(`server: pid ${server.pid}, ${server.baseUrl}, SQLite file, LOG_LEVEL=warn`);
await server.must('POST', '/api/v1/flags', { key: FLAG, type: 'release', owner: 'bench', clientSide: true });
await server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/toggle`, { enabled: true, baseVersion: 1, reason: 'bench' });
const [serverKey] = await server.keys('server', 1);
const [clientKey] = await server.keys('client', 1);

const browsers = Math.round(opts.clients * opts.browserShare);
const nodes = opts.clients - browsers;
const split = (n: number, i: number) => Math.floor(n / opts.workers) + (i < n % opts.workers ? 1 : 0);
const pool = new WorkerPool<ToWorker, FromWorker>(WORKER, opts.workers);

interface Round {
  outageMs: number;
  node: SdkTimes[];
  browser: SdkTimes[];
  returnedAt: number;
  killAnsweredMs: number;
  peakPerSecond: number;
  opened: number;
  refused: Record<string, number>;
  loopDelayP99Ms: number;
}

/** The counters we read from /metrics: connections opened, refusals by reason, event-loop delay p99. */
async function scrape(): Promise<{ opened: number; refused: Record<string, number>; lagP99Ms: number } | undefined> {
  try {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    const opened = Number(/^switchyard_stream_connections_opened_total (\S+)/m.exec(text)?.[1] ?? NaN);
    const refused: Record<string, number> = {};
    for (const m of text.matchAll(/^switchyard_stream_refused_total\{reason="([^"]+)"\} (\S+)/gm)) refused[m[1]!] = Number(m[2]);
    const lag = Number(/^switchyard_process_nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)?.[1] ?? NaN) * 1000;
    return { opened, refused, lagP99Ms: lag };
  } catch {
    return undefined;
  }
}

/** Peak connections opened per second: the largest increase over any window of about a second. */
function peakRate(samples: { t: number; opened: number }[]): number {
  let peak = 0;
  let j = 0;
  for (let i = 1; i < samples.length; i++) {
    while (samples[i]!.t - samples[j + 1]!.t >= 1_000) j++;
    const span = samples[i]!.t - samples[j]!.t;
    if (span >= 500) peak = Math.max(peak, ((samples[i]!.opened - samples[j]!.opened) / span) * 1_000);
  }
  return peak;
}

async function round(): Promise<Round> {
  await pool.all('watching', { type: 'watch' });
  const killedAt = now();
  await server.proc.kill();
  await new Promise((r) => setTimeout(r, opts.downMs));
  // A slow start is not what is measured (the clock starts when it listens): on a busy machine it can take long.
  await server.proc.start(120_000);
  const returnedAt = now();
  await pool.all('noted', { type: 'returned', at: returnedAt });
  await scrape(); // resets the event-loop delay histogram: what follows is recovery, not start-up
  // The kill made the moment the server is back: how long until every client serves it?
  await server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/kill`, { reason: 'bench: kill at return' });
  const killAnsweredMs = now() - returnedAt;
  // The new process counted from 0 when it started listening.
  const samples = [{ t: returnedAt, opened: 0 }];
  let lag = 0;
  let refused: Record<string, number> = {};
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const s = await scrape();
      if (s && Number.isFinite(s.opened)) {
        samples.push({ t: now(), opened: s.opened });
        if (Number.isFinite(s.lagP99Ms)) lag = Math.max(lag, s.lagP99Ms);
        refused = s.refused;
      }
      await new Promise((r) => setTimeout(r, opts.sampleMs));
    }
  })();
  const results = await pool.all('result', { type: 'collect', timeoutMs: opts.timeoutMs });
  sampling = false;
  await sampler;
  const last = await scrape();
  if (last) {
    samples.push({ t: now(), opened: last.opened });
    refused = last.refused;
  }
  // Restore for the next round (untimed): every client must see the flag on again before the next kill.
  await server.must('POST', `/api/v1/flags/${FLAG}/environments/${ENV}/restore`, { reason: 'bench: restore' });
  await new Promise((r) => setTimeout(r, 1_000));
  return {
    outageMs: returnedAt - killedAt,
    node: results.map((r) => r.node),
    browser: results.map((r) => r.browser),
    returnedAt,
    killAnsweredMs,
    peakPerSecond: peakRate(samples),
    opened: samples.at(-1)!.opened,
    refused,
    loopDelayP99Ms: lag,
  };
}

let failed = false;
const rounds: Round[] = [];
try {
  await pool.start();
  let offset = 0;
  const started = await pool.all('started', (i) => {
    const spec = { baseUrl: server.baseUrl, flag: FLAG, serverKey: serverKey!, clientKey: clientKey!, node: split(nodes, i), browser: split(browsers, i), offset };
    offset += spec.browser;
    return { type: 'start', spec };
  });
  const ready = started.reduce((n, s) => n + s.ready, 0);
  console.log(`${ready.toLocaleString('en-US')} of ${opts.clients.toLocaleString('en-US')} clients ready (${nodes} Node SDK, ${browsers} browser SDK, default reconnect policies) in ${formatNumber(Math.max(...started.map((s) => s.ms)) / 1000)} s over ${opts.workers} worker processes`);
  if (ready < opts.clients) {
    console.log(`FAILED: only ${ready} of ${opts.clients} clients got ready`);
    failed = true;
  }
  for (let r = 0; r < opts.rounds && !failed; r++) rounds.push(await round());
} catch (err) {
  failed = true;
  console.error(err);
}

if (rounds.length > 0) {
  console.log(`\n## Rounds`);
  console.log(`per round: SIGKILL, ${opts.downMs.toLocaleString('en-US')} ms down, start (the outage below includes the new process's start-up); times from the moment the new server listened; the kill is requested right after`);
  printTable(
    ['round', 'outage ms', 'kill answered ms', 'connections opened', 'peak opened/s', 'refused', 'server event-loop delay p99 max ms'],
    rounds.map((r, i) => [
      String(i + 1),
      r.outageMs,
      r.killAnsweredMs,
      r.opened.toLocaleString('en-US'),
      r.peakPerSecond,
      Object.entries(r.refused).map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
      r.loopDelayP99Ms,
    ]),
  );
  const rows: (string | number)[][] = [];
  let missing = 0;
  const all: number[] = [];
  const allBack: number[] = [];
  let attempts = { clients: 0, down: 0, up: 0 };
  const pools = { 'Node SDK': (r: Round) => r.node, 'browser SDK': (r: Round) => r.browser } as const;
  for (const [name, pick] of Object.entries(pools)) {
    const back: number[] = [];
    const killed: number[] = [];
    let down = 0;
    let up = 0;
    let clients = 0;
    for (const r of rounds) {
      for (const t of pick(r)) {
        clients += t.killed.length;
        down += t.attemptsDown;
        up += t.attemptsUp;
        for (const b of t.back) if (!Number.isNaN(b)) back.push(b - r.returnedAt);
        for (const k of t.killed) {
          if (Number.isNaN(k)) missing++;
          else killed.push(k - r.returnedAt);
        }
      }
    }
    if (clients === 0) continue;
    all.push(...killed);
    allBack.push(...back);
    attempts = { clients: attempts.clients + clients, down: attempts.down + down, up: attempts.up + up };
    rows.push(row(name, back, killed, clients, down, up));
  }
  rows.push(row('all', allBack, all, attempts.clients, attempts.down, attempts.up));
  const a = Float64Array.from(all).sort();
  console.log(`\n## Clients: ${opts.clients.toLocaleString('en-US')}, ${rounds.length} rounds; ms from the server's return`);
  console.log("attempts are split where each worker heard of the return (ms after the server listened): the server's own count of connections opened is in the rounds' table");
  printTable(['SDK', 'got the kill', 'back p50 ms', 'back p99', 'kill p50 ms', 'kill p99', 'kill max', 'attempts while down (per client)', 'attempts after return (per client)'], rows);
  const p99 = percentile(a, 99);
  console.log(`target: p99 < ${opts.target.toLocaleString('en-US')} ms from the server's return to every client serving the kill: ${p99 < opts.target ? 'met' : 'MISSED'} (p99 ${formatNumber(p99)} ms over ${a.length.toLocaleString('en-US')} client-rounds)`);
  console.log(`server: peak ${formatNumber(Math.max(...rounds.map((r) => r.peakPerSecond)))} connections opened/s; event-loop delay p99 at most ${formatNumber(Math.max(...rounds.map((r) => r.loopDelayP99Ms)))} ms`);
  if (missing > 0) {
    console.log(`FAILED: ${missing} client-rounds never served the kill within ${opts.timeoutMs} ms`);
    failed = true;
  }
}

/** One row of the clients' table: back and kill percentiles, and connection attempts per client. */
function row(name: string, back: number[], killed: number[], clients: number, down: number, up: number): (string | number)[] {
  const b = Float64Array.from(back).sort();
  const k = Float64Array.from(killed).sort();
  return [name, `${k.length.toLocaleString('en-US')} of ${clients.toLocaleString('en-US')}`, percentile(b, 50), percentile(b, 99), percentile(k, 50), percentile(k, 99), k[k.length - 1] ?? NaN, formatNumber(down / clients), formatNumber(up / clients)];
}

try {
  await pool.all('stopped', { type: 'stop' });
} catch {
  /* a worker is gone already */
}
pool.stop();
await server.stop();
printLoadAtEnd();
process.exit(failed ? 1 : 0);
