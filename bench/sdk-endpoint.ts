// The SDK rule-set endpoint (issue 7, item 5): GET /sdk/v1/flags with 100 flags under 50 concurrent
// connections (autocannon), full body and 304 (If-None-Match), against a bare node:http server
// sending the same cached bytes, in the same run, alternating.
//   pnpm --filter @switchyard/bench endpoint [-- --flags=100 --connections=50 --seconds=10 --rounds=2 --warmup=2]
// (--warmup: seconds of untimed load per target first)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { options } from './support/args';
import { flagSet } from './support/flag-sets';
import { printLoadAtEnd, printMachine } from './support/machine';
import { inParallel, startServer } from './support/server';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ flags: 100, connections: 50, seconds: 10, rounds: 2, warmup: 2, target: 80, profile: '' });
printMachine(`SDK endpoint: GET /sdk/v1/flags, ${opts.flags} flags, ${opts.connections} connections`);

const server = await startServer({}, opts.profile);
let bare: ReturnType<typeof spawn> | undefined;
let failed = false;
try {
  await inParallel(flagSet(opts.flags), 8, async (f) => {
    const created = await server.must('POST', '/api/v1/flags', { key: f.key, type: 'release', owner: 'bench', variationType: f.variationType, variations: f.variations, offVariation: f.offVariation });
    await server.must('PATCH', `/api/v1/flags/${f.key}/environments/production`, { baseVersion: created.environments.production.version, enabled: true, rules: f.rules, fallthrough: f.fallthrough });
  });
  const [secret] = await server.keys('server', 1);
  const url = `${server.baseUrl}/sdk/v1/flags`;
  const auth = { authorization: `Bearer ${secret}` };
  const first = await fetch(url, { headers: auth });
  const body = Buffer.from(await first.arrayBuffer());
  const etag = first.headers.get('etag')!;
  const file = join(tmpdir(), `switchyard-bench-body-${process.pid}.json`);
  writeFileSync(file, body);
  bare = spawn(process.execPath, ['--import', 'tsx', new URL('./endpoint/bare-server.ts', import.meta.url).pathname, file, etag], { stdio: ['ignore', 'pipe', 'inherit'] });
  const barePort = await new Promise<number>((resolve) => bare!.stdout!.on('data', (d: Buffer) => /port (\d+)/.test(d.toString()) && resolve(Number(/port (\d+)/.exec(d.toString())![1]))));
  const bareUrl = `http://127.0.0.1:${barePort}/sdk/v1/flags`;
  console.log(`body: ${body.length.toLocaleString('en-US')} bytes, etag ${etag}; bare node:http server in its own process, same bytes and headers`);
  // The bytes on the wire per coding (node:http: fetch would decompress them).
  const wireBytes = (encoding: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { headers: { ...auth, 'accept-encoding': encoding } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
      });
      req.on('error', reject);
      req.end();
    });
  for (const encoding of ['gzip', 'br']) await wireBytes(encoding); // the first request of a coding makes it
  console.log(`wire bytes per full body: identity ${body.length.toLocaleString('en-US')}, gzip ${(await wireBytes('gzip')).toLocaleString('en-US')}, br ${(await wireBytes('br')).toLocaleString('en-US')}\n`);

  const run = async (target: string, headers: Record<string, string>, seconds: number) => {
    const r = await autocannon({ url: target, connections: opts.connections, duration: seconds, headers });
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, total: r.requests.total };
  };
  const cases = [
    { name: 'switchyard, full body', url, headers: auth },
    { name: 'bare node:http, full body', url: bareUrl, headers: auth },
    { name: 'switchyard, full body, br', url, headers: { ...auth, 'accept-encoding': 'br' } },
    { name: 'switchyard, 304', url, headers: { ...auth, 'if-none-match': etag } },
    { name: 'bare node:http, 304', url: bareUrl, headers: { ...auth, 'if-none-match': etag } },
  ];
  if (opts.warmup > 0) for (const c of cases) await run(c.url, c.headers, opts.warmup);
  if (opts.profile) {
    // --profile=DIR: CPU profiles of the server serving `seconds` of full bodies (-1), then of 304s (-2).
    for (const c of cases.filter((x) => x.name.startsWith('switchyard'))) {
      server.profile();
      await run(c.url, c.headers, opts.seconds);
      server.profile();
      await new Promise((r) => setTimeout(r, 1_000));
    }
    console.log(`server CPU profiles (${opts.seconds} s each): full body ${opts.profile}/server-${server.pid}-1.cpuprofile, 304 ${opts.profile}/server-${server.pid}-2.cpuprofile`);
  }
  const results = new Map<string, Awaited<ReturnType<typeof run>>[]>();
  for (let r = 0; r < opts.rounds; r++) for (const c of cases) (results.get(c.name) ?? results.set(c.name, []).get(c.name)!).push(await run(c.url, c.headers, opts.seconds));
  const summary = cases.map((c) => {
    const rs = results.get(c.name)!;
    return { name: c.name, rps: median(rs.map((x) => x.rps)), p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)), non2xx: rs.reduce((s, x) => s + x.non2xx, 0), errors: rs.reduce((s, x) => s + x.errors, 0) };
  });
  printTable(
    ['target', 'req/s (median of rounds)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
    summary.map((s) => [s.name, s.rps, s.p50, s.p99, s.name.endsWith('304') ? `${s.non2xx} (304s)` : String(s.non2xx), s.errors]),
  );
  console.log('');
  for (const kind of ['full body', '304']) {
    const ours = summary.find((s) => s.name === `switchyard, ${kind}`)!;
    const base = summary.find((s) => s.name === `bare node:http, ${kind}`)!;
    const pct = (ours.rps / base.rps) * 100;
    console.log(`${kind}: switchyard ${formatNumber(ours.rps)} req/s = ${formatNumber(pct)}% of bare ${formatNumber(base.rps)} req/s; target ≥ ${opts.target}%: ${pct >= opts.target ? 'met' : 'MISSED'}`);
  }
  console.log(`(${opts.rounds} rounds of ${opts.seconds} s per target, alternating; autocannon runs in this process, each server in its own)`);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  bare?.kill();
  await server.stop().catch(() => undefined);
}
printLoadAtEnd();
process.exit(failed ? 1 : 0);
