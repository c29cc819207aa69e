// Scale with flags (issue 7, item 4): 10,000 flags in one environment — the snapshot's bytes on the
// wire, the time to compile it on arrival (core createEvaluator; and the Node SDK from connect to
// ready), and evaluation time with 10,000 flags loaded against 10.
// By default the snapshot is the exact frame the server encodes (core's encode of the snapshot
// message, what EnvironmentState.snapshot() sends) and the SDK compiles it from a bootstrap;
// --server loads the flags into a real server through the admin API (20,000 requests: minutes on
// this machine, see writes.ts) and measures the frame on the wire and the SDK from connect to ready.
//   pnpm --filter @switchyard/bench scale [-- --flags=10000 --contexts=100000 --passes=7 --server]
import { createEvaluator, encode, type EvaluableFlag, type FlagEvaluator } from '@switchyard/core';
import { createClient } from '@switchyard/sdk-node';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { makeLoop, timeShape } from './eval/harness';
import { switchyardContext } from './eval/switchyard-flags';
import { buildUsers, FLAG_KEYS, SHAPES } from './eval/workload';
import { options } from './support/args';
import { flagSet } from './support/flag-sets';
import { printLoadAtEnd, printMachine } from './support/machine';
import { inParallel, startServer, type Server } from './support/server';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ flags: 10_000, contexts: 100_000, passes: 7, warmup: 2, compiles: 7, concurrency: 8, target: 100, server: false });
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
  let big: FlagEvaluator | undefined;
  for (let i = 0; i < opts.compiles; i++) {
    const a = performance.now();
    const message = JSON.parse(frame);
    const b = performance.now();
    big = createEvaluator({ flags: message.flags, segments: message.segments });
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

  // Evaluation: the same four flags with 10 flags loaded and with all of them.
  const small = createEvaluator({ flags: flagSet(10), segments: [] });
  const contexts = buildUsers(opts.contexts).map(switchyardContext);
  console.log(`\n## Evaluation with ${opts.flags.toLocaleString('en-US')} flags loaded vs 10 (cpu ns/eval, median of ${opts.passes} passes over ${opts.contexts.toLocaleString('en-US')} contexts)`);
  const rows: (string | number)[][] = [];
  for (const shape of SHAPES) {
    const key = FLAG_KEYS[shape];
    const contenders = [small, big!].map((ev) => ({ c: { name: '', side: 'switchyard' as const, async: false, contexts, evaluate: {} as never }, fn: (ctx: unknown) => ev.evaluate(key, ctx as never).value, loop: makeLoop(false) }));
    const [t10, tBig] = await timeShape(contenders, opts.warmup, opts.passes);
    // Judged on the fastest pass of each: on this shared machine the medians swing ±30% with other
    // work, while the least-disturbed pass is what the code costs.
    const change = Math.min(...tBig!.passes) / Math.min(...t10!.passes) - 1;
    const range = (t: { passes: number[] }) => `${formatNumber(Math.min(...t.passes))}–${formatNumber(Math.max(...t.passes))}`;
    rows.push([shape, t10!.median, range(t10!), tBig!.median, range(tBig!), `${change >= 0 ? '+' : ''}${formatNumber(change * 100)}%`, Math.abs(change) <= 0.1 ? 'unchanged (±10%)' : 'CHANGED']);
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
