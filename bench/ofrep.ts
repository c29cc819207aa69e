// OFREP (issue 21): single and bulk evaluation under concurrent connections (autocannon), beside
// our own GET /sdk/v1/flags and a bare node:http floor sending the bulk answer's bytes; then a kill's
// propagation to OFREP web-style clients on the event stream (event → bulk re-fetch → the killed value)
// beside as many WebSocket browser clients, with the machine floor (bare node:http writing one frame
// to as many WebSocket connections), in one run.
//   pnpm --filter @switchyard/bench ofrep [-- --flags=20 --connections=50 --seconds=5 --rounds=2 --warmup=1 --clients=1000 --kills=3]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { options } from './support/args';
import { flagSet } from './support/flag-sets';
import { printLoadAtEnd, printMachine } from './support/machine';
import { fleetLimits, inParallel, startServer } from './support/server';
import { median, percentile } from './support/stats';
import { printTable } from './support/table';
import { measureBareFloor } from './stream/bare-floor';

const opts = options({ flags: 20, connections: 50, seconds: 5, rounds: 2, warmup: 1, clients: 1_000, kills: 3, floor: true });
const now = () => performance.timeOrigin + performance.now();
printMachine(`OFREP: ${opts.flags} flags, ${opts.connections} connections; kill propagation to ${opts.clients} event stream clients`);

const n = Math.max(opts.clients, 1_000);
// Event streams and browser WebSockets count against the same per-source limits: room for both.
const server = await startServer({ ...fleetLimits(2 * n), STREAM_CONTEXTS_PER_SOURCE_PER_MINUTE: String(100_000_000), HTTP_MAX_CONNECTIONS: String(4 * n + 1_000) });
let bare: ReturnType<typeof spawn> | undefined;
let failed = false;
const KILLED = 'bench-kill';
try {
  await inParallel(flagSet(opts.flags), 8, async (f) => {
    const created = await server.must('POST', '/api/v1/flags', { key: f.key, type: 'release', owner: 'bench', clientSide: true, variationType: f.variationType, variations: f.variations, offVariation: f.offVariation });
    await server.must('PATCH', `/api/v1/flags/${f.key}/environments/production`, { baseVersion: created.environments.production.version, enabled: true, rules: f.rules, fallthrough: f.fallthrough });
  });
  const [serverKey] = await server.keys('server', 1);
  const [clientKey] = await server.keys('client', 1);
  const context = { targetingKey: 'user-42', country: 'NL', plan: 'pro', version: '2.3.1' };
  const single = `${server.baseUrl}/ofrep/v1/evaluate/flags/${flagSet(opts.flags)[1]!.key}`;
  const bulk = `${server.baseUrl}/ofrep/v1/evaluate/flags`;
  const sdk = `${server.baseUrl}/sdk/v1/flags`;
  const json = { 'content-type': 'application/json' };
  const body = JSON.stringify({ context });
  const first = await fetch(bulk, { method: 'POST', headers: { ...json, authorization: `Bearer ${clientKey}` }, body });
  const bulkBody = Buffer.from(await first.arrayBuffer());
  const etag = first.headers.get('etag')!;
  const file = join(tmpdir(), `switchyard-bench-ofrep-${process.pid}.json`);
  writeFileSync(file, bulkBody);
  bare = spawn(process.execPath, ['--import', 'tsx', new URL('./endpoint/bare-server.ts', import.meta.url).pathname, file, etag], { stdio: ['ignore', 'pipe', 'inherit'] });
  const barePort = await new Promise<number>((resolve) => bare!.stdout!.on('data', (d: Buffer) => /port (\d+)/.test(d.toString()) && resolve(Number(/port (\d+)/.exec(d.toString())![1]))));
  console.log(`bulk answer: ${bulkBody.length.toLocaleString('en-US')} bytes for ${opts.flags} flags; bare node:http server in its own process sends those bytes\n`);

  const run = async (c: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, seconds: number) => {
    const r = await autocannon({ url: c.url, method: c.method, connections: opts.connections, duration: seconds, headers: c.headers, body: c.body });
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
  };
  const cases = [
    { name: 'OFREP single flag (server key)', url: single, method: 'POST' as const, headers: { ...json, authorization: `Bearer ${serverKey}` }, body },
    { name: 'OFREP bulk, 200 (client key)', url: bulk, method: 'POST' as const, headers: { ...json, authorization: `Bearer ${clientKey}` }, body },
    { name: 'OFREP bulk, 304 (client key)', url: bulk, method: 'POST' as const, headers: { ...json, authorization: `Bearer ${clientKey}`, 'if-none-match': etag }, body },
    { name: 'GET /sdk/v1/flags, 200 (server key)', url: sdk, method: 'GET' as const, headers: { authorization: `Bearer ${serverKey}` } },
    { name: 'bare node:http, bulk bytes', url: `http://127.0.0.1:${barePort}/`, method: 'POST' as const, headers: json, body },
  ];
  if (opts.warmup > 0) for (const c of cases) await run(c, opts.warmup);
  let refused = 0;
  const results = new Map<string, Awaited<ReturnType<typeof run>>[]>();
  for (let r = 0; r < opts.rounds; r++) for (const c of cases) (results.get(c.name) ?? results.set(c.name, []).get(c.name)!).push(await run(c, opts.seconds));
  printTable(
    ['target', 'req/s (median of rounds)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
    cases.map((c) => {
      const rs = results.get(c.name)!;
      const non2xx = rs.reduce((s, x) => s + x.non2xx, 0);
      if (!c.name.includes('304')) refused += non2xx;
      refused += rs.reduce((s, x) => s + x.errors, 0);
      return [c.name, median(rs.map((x) => x.rps)), median(rs.map((x) => x.p50)), median(rs.map((x) => x.p99)), c.name.includes('304') ? `${non2xx} (304s)` : String(non2xx), rs.reduce((s, x) => s + x.errors, 0)];
    }),
  );
  console.log(`(${opts.rounds} rounds of ${opts.seconds} s per target, alternating; autocannon in this process, each server in its own)\n`);

  // Kill propagation: OFREP clients (event stream + bulk re-fetch) beside WebSocket browser clients.
  const created = await server.must('POST', '/api/v1/flags', { key: KILLED, type: 'release', owner: 'bench', clientSide: true });
  await server.must('POST', `/api/v1/flags/${KILLED}/environments/production/toggle`, { enabled: true, baseVersion: created.environments.production.version });
  const ofrepLanded: number[][] = [];
  const wsLanded: number[][] = [];
  const aborts: AbortController[] = [];
  const sockets: WebSocket[] = [];
  let trial = -1;
  const landedAt = (into: number[][]) => into[trial]?.push(now());

  async function ofrepClient(i: number): Promise<void> {
    const ctx = { context: { targetingKey: `visitor-${i}` } };
    let etagOf = '';
    const fetchBulk = async () => {
      const res = await fetch(bulk, { method: 'POST', headers: { ...json, authorization: `Bearer ${clientKey}`, ...(etagOf ? { 'if-none-match': etagOf } : {}) }, body: JSON.stringify(ctx) });
      if (res.status === 304) return undefined;
      etagOf = res.headers.get('etag') ?? '';
      return (await res.json()) as { flags: { key: string; reason?: string }[]; eventStreams: { endpoint: { requestUri: string } }[] };
    };
    const answer = (await fetchBulk())!;
    const controller = new AbortController();
    aborts.push(controller);
    const stream = await fetch(`${server.baseUrl}${answer.eventStreams[0]!.endpoint.requestUri}`, { signal: controller.signal });
    if (stream.status !== 200) throw new Error(`event stream ${stream.status}`);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      let text = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
          const events = text.split('\n\n');
          text = events.pop()!;
          if (!events.some((e) => e.includes('"refetchEvaluation"'))) continue;
          const next = await fetchBulk();
          if (next?.flags.find((f) => f.key === KILLED)?.reason === 'DISABLED') landedAt(ofrepLanded);
        }
      } catch {
        /* aborted at the end */
      }
    })();
  }
  async function wsClient(i: number): Promise<void> {
    const ws = new WebSocket(`${server.baseUrl.replace(/^http/, 'ws')}/sdk/v1/stream`);
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('close', (code, reason) => reject(new Error(`browser WebSocket closed before its values: ${code} ${reason.toString()}`)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 2, key: clientKey, sdk: { name: 'bench', version: '0' }, context: { key: `visitor-${i}` } })));
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string; values?: Record<string, { reason: string }> };
        if (m.type === 'ping') return ws.send('{"type":"pong"}'); // or the server closes a silent browser
        if (m.type === 'values' && m.values?.[KILLED] !== undefined) {
          if (m.values[KILLED]!.reason === 'DISABLED') landedAt(wsLanded);
          resolve();
        }
      });
    });
  }
  await inParallel(Array.from({ length: opts.clients }, (_, i) => i), 50, ofrepClient);
  await inParallel(Array.from({ length: opts.clients }, (_, i) => i), 50, wsClient);
  const delivery = async (version: number) => (await server.must('GET', `/api/v1/environments/production/delivery?version=${version}`)) as { ofrep: { total: number; applied: number }; client: { total: number; applied: number } };
  const fromKill: { ofrep: number[]; ws: number[] } = { ofrep: [], ws: [] };
  let missing = 0;
  for (trial = 0; trial < opts.kills; trial++) {
    ofrepLanded.push([]);
    wsLanded.push([]);
    const t0 = now();
    const kill = await server.must('POST', `/api/v1/flags/${KILLED}/environments/production/kill`, { reason: 'bench' });
    const deadline = Date.now() + 30_000;
    while ((ofrepLanded[trial]!.length < opts.clients || wsLanded[trial]!.length < opts.clients) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    missing += 2 * opts.clients - ofrepLanded[trial]!.length - wsLanded[trial]!.length;
    fromKill.ofrep.push(...ofrepLanded[trial]!.map((t) => t - t0));
    fromKill.ws.push(...wsLanded[trial]!.map((t) => t - t0));
    const landed = await delivery(kill.version);
    if (landed.ofrep.applied !== opts.clients) console.log(`note: the kill view counted ${landed.ofrep.applied} of ${landed.ofrep.total} OFREP clients at version ${kill.version}`);
    await server.must('POST', `/api/v1/flags/${KILLED}/environments/production/restore`, { reason: 'bench' });
    await new Promise((r) => setTimeout(r, 300)); // let the restore's re-fetches finish before the next kill
  }
  const row = (name: string, xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return [name, s.length, percentile(s, 50), percentile(s, 99), s[s.length - 1] ?? NaN];
  };
  const rows: (string | number)[][] = [row(`OFREP event stream + bulk re-fetch (${opts.clients} clients)`, fromKill.ofrep), row(`WebSocket browser values (${opts.clients} clients)`, fromKill.ws)];
  if (opts.floor) {
    for (const s of aborts) s.abort();
    for (const ws of sockets) ws.close();
    const floor = await measureBareFloor({ connections: opts.clients, workers: 1, rounds: opts.kills, frameBytes: 120 });
    rows.push(row(`machine floor: bare node:http, one 120-byte frame to ${opts.clients} WebSockets`, floor.fromCommand));
  }
  console.log(`## Kill propagation: from the kill request to the client holding the killed value (${opts.kills} kills; missing: ${missing})`);
  printTable(['clients', 'samples', 'p50 ms', 'p99 ms', 'max ms'], rows);
  // Figures that would mean nothing: a kill that never reached a client, or refused requests under load.
  if (missing > 0) throw new Error(`FAILED: ${missing} client(s) never held the killed value`);
  if (refused > 0) throw new Error(`FAILED: ${refused} request(s) answered neither 200 nor (where asked) 304, or failed`);
  if (!opts.floor) for (const s of aborts) s.abort();
  for (const ws of sockets) ws.close();
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  bare?.kill();
  await server.stop().catch(() => undefined);
}
printLoadAtEnd();
process.exit(failed ? 1 : 0);
