// Local evaluation against the peers' SDKs (issue 7, item 1): four flag shapes, 100,000 distinct
// pre-built contexts, warm-up, median of the timed passes, ns/eval and allocated bytes/eval.
//   pnpm --filter @switchyard/bench eval [-- --contexts=100000 --passes=7 --warmup=3 --shapes=F1,F2,F3,F4 --openfeature=true]
import type { Contender, ContenderFactory } from './eval/contender';
import { checkAgreement, f3Values } from './eval/agreement';
import { FLOOR, TARGET, verdict } from './eval/verdict';
import { allocatedPerEval, makeLoop, timeShape, type Timing } from './eval/harness';
import { createFlagdOpenFeature, createSwitchyardOpenFeature } from './eval/openfeature';
import { createFlagd } from './eval/peers/flagd';
import { createGrowthBook } from './eval/peers/growthbook';
import { createLaunchDarkly } from './eval/peers/launchdarkly';
import { createUnleash } from './eval/peers/unleash';
import { createCore, createFloor, createSdk, resolvedFile, usesBuiltPackages } from './eval/switchyard';
import { buildUsers, SHAPES, type Shape } from './eval/workload';
import { options } from './support/args';
import { printLoadAtEnd, printMachine, uptime } from './support/machine';
import { formatNumber, printTable } from './support/table';

const opts = options({ contexts: 100_000, passes: 5, warmup: 1, shapes: SHAPES.join(','), openfeature: true, ofContexts: 10_000, sample: 10_000 });
const shapes = opts.shapes.split(',') as Shape[];

printMachine('Local evaluation: Switchyard vs peer SDKs');
console.log(`${opts.contexts.toLocaleString('en-US')} distinct pre-built contexts per implementation; ${opts.warmup} warm-up pass(es), then the median of ${opts.passes} timed passes (round-robin; a pass goes over the contexts as many times as it takes to last ~100 ms); GC before every pass.`);
console.log('ns/eval: CPU time of this process (user+system) per evaluation — the figure compared, because wall time on this shared machine also counts other processes; wall time and the main thread\'s own CPU time (V8\'s background threads excluded) are shown beside it.');
console.log('allocated bytes/eval: process.memoryUsage().heapUsed after a pass minus before it (node --expose-gc, two GCs first; Node 20 has no total_allocated_bytes), from a pass with no GC during it.');
console.log(usesBuiltPackages() ? `switchyard: the built packages, as npm installs them (${resolvedFile('@switchyard/sdk-node')}, ${resolvedFile('@switchyard/core')})\n` : 'switchyard: NOT the built packages (run `pnpm build`, and this script through its package script)\n');

const users = buildUsers(opts.contexts);
const factories: ContenderFactory[] = [createCore, createSdk(false), createSdk(true), createFlagd, createGrowthBook, createUnleash, createLaunchDarkly, createFloor];
const contenders: Contender[] = [];
for (const make of factories) contenders.push(await make(users));
// OpenFeature costs ~100× more per call than the engines: a tenth of the contexts keeps the run short.
const ofUsers = users.slice(0, opts.ofContexts);
const openFeature: Contender[] = opts.openfeature ? [await createSwitchyardOpenFeature(ofUsers), await createFlagdOpenFeature(ofUsers)] : [];

// 1. Do they all mean the same thing? Checked before anything is timed.
console.log('## Agreement (before timing)');
const agreementRows: (string | number)[][] = [];
let disagreement = false;
for (const c of contenders.filter((x) => x.side !== 'baseline')) {
  if (c.pending) {
    agreementRows.push([c.name, 'pending', 'pending', 'pending', 'pending']);
    continue;
  }
  const a = await checkAgreement(c, users, opts.sample);
  const cell = (s: Shape) => {
    const e = a.exact.find((x) => x.shape === s)!;
    if (e.wrong > 0) disagreement = true;
    return e.wrong === 0 ? `${e.checked.toLocaleString('en-US')}/${e.checked.toLocaleString('en-US')} agree` : `${e.wrong} DIFFER (${e.example})`;
  };
  if (!a.split.within) disagreement = true;
  agreementRows.push([c.name, cell('F1'), cell('F2'), `${a.split.shares.map((s) => s.toFixed(2)).join(' / ')} % ${a.split.within ? 'ok' : 'OUT OF ±1%'}`, cell('F4')]);
}
printTable(['implementation', 'F1', 'F2', 'F3 split a/b/c (33/33/34 ±1)', 'F4'], agreementRows);
// Routes to the same engine must bucket identically, context by context.
const core = contenders[0]!;
const flagd = contenders.find((c) => c.name === '@openfeature/flagd-core')!;
for (const [c, engine] of [...contenders.filter((x) => x.side === 'switchyard' && x !== core).map((x) => [x, core] as const), ...openFeature.map((x) => [x, x.side === 'switchyard' ? core : flagd] as const)]) {
  if (c.pending) {
    console.log(`${c.name}: pending (${c.pending})`);
    continue;
  }
  const n = c.contexts.length;
  const want = await f3Values(engine, n);
  const got = await f3Values(c, n);
  const diff = got.filter((v, i) => v !== want[i]).length;
  let exactWrong = 0;
  for (const shape of ['F1', 'F2', 'F4'] as const) for (let i = 0; i < Math.min(n, opts.sample); i++) if ((await c.evaluate[shape](c.contexts[i])) !== users[i]!.expected[shape]) exactWrong++;
  console.log(`${c.name}: F1/F2/F4 ${exactWrong === 0 ? 'agree' : `${exactWrong} DIFFER`} on ${Math.min(n, opts.sample).toLocaleString('en-US')} contexts; F3 ${diff === 0 ? 'identical to' : `${diff} differ from`} ${engine.name} on ${n.toLocaleString('en-US')}`);
  if (diff > 0 || exactWrong > 0) disagreement = true;
}
console.log('F3: every product hashes its own way (Switchyard murmur3 of "f3."+key into 100,000 buckets, LaunchDarkly SHA-1, Unleash murmur3 of "f3:"+userId, GrowthBook FNV-1a v2, flagd murmur3 of flag key+targetingKey), so F3 is checked as a distribution.');
if (disagreement) console.log('WARNING: some implementation disagrees: its timings below are not comparable.');
console.log('');

// 2. Time every shape.
interface Row { c: Contender; t: Timing; bytes: { bytes: number; over: number; clean: boolean } }
const results = new Map<Shape, Row[]>();
const ofResults = new Map<Shape, Row[]>();
async function measure(group: Contender[], shape: Shape): Promise<Row[]> {
  const live = group.filter((c) => !c.pending).map((c) => ({ c, fn: c.evaluate[shape] as (ctx: unknown) => unknown, loop: makeLoop(c.async) }));
  const timings = await timeShape(live, opts.warmup, opts.passes);
  const rows: Row[] = [];
  for (let i = 0; i < live.length; i++) {
    const { c, fn } = live[i]!;
    rows.push({ c, t: timings[i]!, bytes: await allocatedPerEval(makeLoop(c.async), fn, c.contexts) });
  }
  return rows;
}
const bytesCell = (b: Row['bytes']) => `${formatNumber(b.bytes)}${b.clean ? '' : ' (GC ran)'}${b.over < opts.contexts ? ` [${b.over.toLocaleString('en-US')} evals]` : ''}`;
const spread = (t: Timing) => `${formatNumber(Math.min(...t.passes))}–${formatNumber(Math.max(...t.passes))}`;

for (const shape of shapes) {
  results.set(shape, await measure(contenders, shape));
  if (openFeature.length > 0) ofResults.set(shape, await measure(openFeature, shape));
  const rows = results.get(shape)!;
  const peers = rows.filter((r) => r.c.side === 'peer');
  const fastest = peers.reduce((a, b) => (b.t.median < a.t.median ? b : a));
  console.log(`## ${shape}`);
  printTable(
    ['implementation', 'cpu ns/eval (median)', 'min–max', 'wall ns/eval', 'main thread ns/eval', 'bytes/eval', 'speed vs fastest peer'],
    [
      ...rows.map((r) => [r.c.name, r.t.median, spread(r.t), r.t.wall, r.t.main, bytesCell(r.bytes), r.c.side === 'baseline' ? '(not an evaluator)' : `${formatNumber(fastest.t.median / r.t.median)}×`]),
      ...contenders.filter((c) => c.pending).map((c) => [c.name, 'pending', '', '', '', c.pending!]),
    ],
  );
  console.log(`fastest peer: ${fastest.c.name}; ${uptime()}\n`);
}

console.log(`## Summary: Switchyard vs the fastest peer, same run (target ≥${TARGET}×, never under ${FLOOR}×)`);
const peerNames = contenders.filter((c) => c.side === 'peer').map((c) => c.name);
const summary: (string | number)[][] = [];
for (const shape of shapes) {
  const rows = results.get(shape)!;
  const peers = rows.filter((r) => r.c.side === 'peer');
  const fastest = peers.reduce((a, b) => (b.t.median < a.t.median ? b : a));
  for (const r of rows.filter((x) => x.c.side === 'switchyard')) {
    const ratio = fastest.t.median / r.t.median;
    summary.push([shape, r.c.name, r.t.median, `${fastest.c.name} ${formatNumber(fastest.t.median)}`, `${formatNumber(ratio)}×`, verdict(ratio), ...peerNames.map((p) => `${formatNumber(peers.find((x) => x.c.name === p)!.t.median / r.t.median)}×`)]);
  }
}
printTable(['shape', 'implementation', 'ns/eval', 'fastest peer (ns)', 'ratio', 'target', ...peerNames.map((p) => `vs ${p.replace(/^@[^/]+\//, '')}`)], summary);

if (openFeature.length > 0) {
  console.log(`\n## Through the OpenFeature server SDK (same SDK, two providers; ${opts.ofContexts.toLocaleString('en-US')} contexts)`);
  const rows: (string | number)[][] = [];
  for (const shape of shapes) {
    const r = ofResults.get(shape)!;
    const sy = r.find((x) => x.c.side === 'switchyard');
    const fd = r.find((x) => x.c.side === 'peer')!;
    for (const x of r) rows.push([shape, x.c.name, x.t.median, spread(x.t), x.t.wall, bytesCell(x.bytes), sy ? `${formatNumber(fd.t.median / x.t.median)}×` : '']);
  }
  for (const c of openFeature.filter((x) => x.pending)) rows.push(['all', c.name, 'pending', '', '', '', c.pending!]);
  printTable(['shape', 'implementation', 'cpu ns/eval (median)', 'min–max', 'wall ns/eval', 'bytes/eval', 'speed vs flagd provider'], rows);
}

for (const c of [...contenders, ...openFeature]) await c.close?.();
printLoadAtEnd();
// A disagreeing implementation makes its timings meaningless: the run fails, after printing them all.
if (disagreement) console.log('FAILED: some implementation disagreed (see the agreement section).');
process.exit(disagreement ? 1 : 0);
