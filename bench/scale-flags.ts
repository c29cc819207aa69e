// Scale with flags (issue 7, item 4): 10,000 flags in one environment — the snapshot's bytes on the
// wire, the time to compile it on arrival (core createEvaluator; and the Node SDK from connect to
// ready), and evaluation time with 10,000 flags loaded against 10.
// By default the snapshot is the exact frame the server encodes (core's encode of the snapshot
// message, what EnvironmentState.snapshot() sends) and the SDK compiles it from a bootstrap;
// --server loads the flags into a real server through the admin API (20,000 requests: minutes on
// this machine, see writes.ts) and measures the frame on the wire and the SDK from connect to ready.
// Evaluation time is compared in fresh processes per side (scale/eval-worker.ts), alternating.
//   pnpm --filter @switchyard/bench scale [-- --flags=10000 --contexts=100000 --passes=7 --processes=5 --server]
import { createEvaluator, encode, type EvaluableFlag } from '@switchyard/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@switchyard/sdk-node';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { SHAPES } from './eval/workload';
import { options } from './support/args';
import { flagSet } from './support/flag-sets';
import { printLoadAtEnd, printMachine } from './support/machine';
import { inParallel, startServer, type Server } from './support/server';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ flags: 10_000, contexts: 100_000, passes: 7, warmup: 2, processes: 5, compiles: 7, concurrency: 8, target: 100, server: false });
printMachine(`Scale: ${opts.flags.toLocaleString('en-US')} flags`);

/** Creates the flags through the admin API (create, then configure), as an operator would. */
async function loadFlags(server: Server, flags: EvaluableFlag[]): Promise<void> {
  await inParallel(flags, opts.concurrency, async (f) => {
    const created = await server.must('POST', '/api/v1/flags', {
      key: f.key,
      type: 'release',
      owner: 'bench',
      variationType: f.variationType,
      variations: f.variations,
      offVariation: f.offVariation,
    });
    const config = created.environments.production;
    await server.must('PATCH', `/api/v1/flags/${f.key}/environments/production`, { baseVersion: config.version, enabled: true, rules: f.rules, fallthrough: f.fallthrough });
  });
}

/** The snapshot frame a new server SDK connection receives, as the server sends it. */
function snapshotFrame(server: Server, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.streamUrl);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: 'bench', version: '0' }, key: secret })));
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"snapshot"')) {
        ws.terminate();
        resolve(text);
      }
    });
    ws.on('error', reject);
  });
}

const server: Server | undefined = opts.server ? await startServer() : undefined;
let failed = false;
try {
  const flags = flagSet(opts.flags);
  let frame: string;
  let secret: string | undefined;
  const sizes: (string | number)[][] = [];
  if (server) {
    const t0 = performance.now();
    await loadFlags(server, flags);
    console.log(`created and configured ${opts.flags.toLocaleString('en-US')} flags through the admin API in ${formatNumber((performance.now() - t0) / 1000)} s (${opts.concurrency} requests in flight)`);
    [secret] = await server.keys('server', 1);
    frame = await snapshotFrame(server, secret!);
    const restBody = Buffer.from(await (await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${secret}` } })).arrayBuffer());
    sizes.push(['GET /sdk/v1/flags body (server)', restBody.length, gzipSync(restBody, { level: 9 }).length, `${formatNumber(restBody.length / opts.flags)} B`]);
  } else frame = encode({ type: 'snapshot', version: opts.flags * 2, flags, segments: [] });
  const bytes = Buffer.byteLength(frame);
  sizes.unshift([`stream snapshot frame${server ? ' (on the wire)' : ' (as the server encodes it)'}`, bytes, gzipSync(frame, { level: 9 }).length, `${formatNumber(bytes / opts.flags)} B`]);
  console.log('\n## Snapshot size');
  printTable(['payload', 'bytes', 'gzip -9 bytes', 'per flag'], sizes);

  // Compile on arrival: JSON.parse of the frame, then createEvaluator (what the SDK's store does).
  const parseMs: number[] = [];
  const compileMs: number[] = [];
  for (let i = 0; i < opts.compiles; i++) {
    const a = performance.now();
    const message = JSON.parse(frame);
    const b = performance.now();
    createEvaluator({ flags: message.flags, segments: message.segments });
    const c = performance.now();
    parseMs.push(b - a);
    compileMs.push(c - b);
  }
  // The SDK: from a bootstrap (parse + compile + its store), or from a real server (connect → ready).
  const readyMs: number[] = [];
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    const client = server
      ? createClient({ sdkKey: secret!, baseUrl: server.baseUrl, summaries: false, logger: silent })
      : createClient({ offline: true, bootstrap: JSON.parse(frame), logger: silent });
    if (!(await client.waitForReady(30_000))) throw new Error(`sdk not ready: ${client.status()}`);
    readyMs.push(performance.now() - a);
    if (client.ruleSet()?.flags.length !== opts.flags) throw new Error(`sdk holds ${client.ruleSet()?.flags.length} flags`);
    await client.close();
  }
  const compile = median(compileMs);
  console.log(`\n## Compile on arrival (median of ${opts.compiles}; SDK: median of 3)`);
  printTable(
    ['step', 'ms (median)', 'min–max'],
    [
      ['JSON.parse of the snapshot frame', median(parseMs), `${formatNumber(Math.min(...parseMs))}–${formatNumber(Math.max(...parseMs))}`],
      ['core createEvaluator, first compile in this process (cold JIT)', compileMs[0]!, ''],
      ['core createEvaluator (compile every flag)', compile, `${formatNumber(Math.min(...compileMs))}–${formatNumber(Math.max(...compileMs))}`],
      [server ? 'sdk-node: createClient → ready (connect, snapshot, parse, compile)' : 'sdk-node: createClient({ bootstrap }) → ready (parse, compile, store)', median(readyMs), `${formatNumber(Math.min(...readyMs))}–${formatNumber(Math.max(...readyMs))}`],
    ],
  );
  console.log(`target: compile < ${opts.target} ms for ${opts.flags.toLocaleString('en-US')} flags: ${compile < opts.target ? 'met' : 'MISSED'} (median ${formatNumber(compile)} ms, wall time; the first, cold compile ${compileMs[0]! < opts.target ? 'met it too' : 'did not'}: ${formatNumber(compileMs[0]!)} ms)`);

  // Evaluation: the same four flags with 10 flags loaded and with all of them. Each side runs in
  // processes of its own, alternating: in one process the second evaluator's closures share the
  // first one's V8 feedback and inline caches, which moved F1 and F2 by 20–40 % either way whichever
  // side had more flags (a single-process comparison measured V8, not the flag count).
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-scale-'));
  const frames = { small: join(dir, 'small.json'), big: join(dir, 'big.json') };
  writeFileSync(frames.small, encode({ type: 'snapshot', version: 20, flags: flagSet(10), segments: [] }));
  writeFileSync(frames.big, frame);
  const worker = new URL('./scale/eval-worker.ts', import.meta.url).pathname;
  const passes: Record<'small' | 'big', Record<string, number[]>> = { small: {}, big: {} };
  for (let round = 0; round < opts.processes; round++) {
    for (const side of ['small', 'big'] as const) {
      const args = ['--expose-gc', '--import', 'tsx', worker, frames[side], String(opts.contexts), String(opts.passes), String(opts.warmup)];
      const result = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, number[]>;
      for (const [shape, times] of Object.entries(result)) (passes[side][shape] ??= []).push(...times);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\n## Evaluation with ${opts.flags.toLocaleString('en-US')} flags loaded vs 10 (cpu ns/eval over ${opts.contexts.toLocaleString('en-US')} contexts; ${opts.processes} processes per side, alternating, ${opts.passes} passes each)`,
  );
  const rows: (string | number)[][] = [];
  for (const shape of SHAPES) {
    const t10 = passes.small[shape]!;
    const tBig = passes.big[shape]!;
    // Judged on the fastest pass of each side: the least-disturbed pass is what the code costs.
    const change = Math.min(...tBig) / Math.min(...t10) - 1;
    const range = (t: number[]) => `${formatNumber(Math.min(...t))}–${formatNumber(Math.max(...t))}`;
    rows.push([shape, median(t10), range(t10), median(tBig), range(tBig), `${change >= 0 ? '+' : ''}${formatNumber(change * 100)}%`, Math.abs(change) <= 0.1 ? 'unchanged (±10%)' : 'CHANGED']);
  }
  printTable(['shape', '10 flags (median)', 'min–max', `${opts.flags.toLocaleString('en-US')} flags (median)`, 'min–max', 'difference of the mins', 'verdict'], rows);
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await server?.stop().catch(() => undefined);
}
printLoadAtEnd();
process.exit(failed ? 1 : 0);
