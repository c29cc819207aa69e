// The `matches` operator before and after issue 26's linear-time engine: the worst case (a corpus of
// pathological patterns, each against a hostile input of 4,096 characters, the most a context may
// give `matches`), the host's backtracking RegExp beside core's compiled patterns
// (packages/core/src/pattern/); what one match of a typical pattern costs each way; and evaluation
// through core of a flag whose rule uses `matches`. RegExp runs in a worker thread that is stopped
// after --capMs (it would otherwise run for minutes to centuries); "> cap" marks those.
//   pnpm --filter @switchyard/bench regex [-- --inputLength=4096 --capMs=10000 --runs=5 --matches=200000 --evals=1000000 --tables=worst,typical,eval]
// `--tables=eval` alone imports nothing but createEvaluator, so it also runs on code from before the engine.
import { Worker } from 'node:worker_threads';
import { createEvaluator, type EvaluableFlag } from '@switchyard/core';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ inputLength: 4_096, capMs: 10_000, runs: 5, matches: 200_000, evals: 1_000_000, tables: 'worst,typical,eval' });
const tables = new Set(opts.tables.split(','));
printMachine('matches: backtracking RegExp against linear-time patterns');

const n = opts.inputLength;
const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n - tail.length) + tail;

/** Pathological patterns, each with the input that makes a backtracking engine try hardest. */
const CORPUS: { pattern: string; input: string; what: string }[] = [
  { pattern: '.*Mozilla.*Chrome.*Safari.*Mobile', input: fill('Mozilla Chrome Safari '), what: 'user agent, near misses' },
  { pattern: '.*a.*b', input: fill('a'), what: "a's, no b" },
  { pattern: 'a.*a.*b', input: fill('a'), what: "a's, no b" },
  { pattern: '\\w+\\s*\\w+=', input: fill('a'), what: 'letters, no =' },
  { pattern: '[a-z]+@example\\.com', input: fill('a'), what: 'letters, no @' },
  { pattern: '\\s*x$', input: fill(' '), what: 'spaces, no x' },
  { pattern: '(a+)+$', input: fill('a', '!'), what: "a's then !" },
  { pattern: '(a|aa)+$', input: fill('a', '!'), what: "a's then !" },
  { pattern: '^(\\w+\\s?)*$', input: fill('word ', '!'), what: 'words then !' },
  { pattern: '(.*a){12}', input: fill('b'), what: "b's, no a" },
];

const NATIVE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const r = new RegExp(workerData.pattern, 'u');
const t = process.hrtime.bigint();
const matched = r.test(workerData.input);
parentPort.postMessage({ ms: Number(process.hrtime.bigint() - t) / 1e6, matched });`;

/** One RegExp.test in a worker: its time, or null when it was stopped at the cap. */
function nativeOnce(pattern: string, input: string): Promise<{ ms: number; matched: boolean } | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(NATIVE_WORKER, { eval: true, workerData: { pattern, input } });
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(null)), opts.capMs);
    worker.once('message', (m: { ms: number; matched: boolean }) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(m));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const ms = (x: number): string => (x >= 1_000 ? `${formatNumber(x / 1_000)} s` : x >= 1 ? `${formatNumber(x)} ms` : `${formatNumber(x * 1_000)} µs`);

if (tables.has('worst')) {
  const { compilePattern } = await import('../packages/core/src/pattern/compile-pattern');
  const rows: (string | number)[][] = [];
  let worstAfter = 0;
  let worstBefore = 0;
  let capped = 0;
  for (const { pattern, input, what } of CORPUS) {
    const test = compilePattern(pattern);
    const times: number[] = [];
    let matched = false;
    for (let i = 0; i < opts.runs; i++) {
      const t = process.hrtime.bigint();
      matched = test(input);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const after = Math.max(...times);
    const before = await nativeOnce(pattern, input);
    if (before !== null && before.matched !== matched) throw new Error(`FAILED: ${pattern} matched ${before.matched} natively and ${matched} linearly`);
    worstAfter = Math.max(worstAfter, after);
    if (before === null) capped++;
    else worstBefore = Math.max(worstBefore, before.ms);
    rows.push([pattern, what, before === null ? `> ${ms(opts.capMs)} (stopped)` : ms(before.ms), ms(after), ms(median(times)), before === null ? `> ${formatNumber(opts.capMs / after)}×` : `${formatNumber(before.ms / after)}×`]);
  }
  console.log(`## Worst case: one match against a hostile input of ${n.toLocaleString('en-US')} characters`);
  console.log(`(RegExp: one run in a worker thread, stopped after ${ms(opts.capMs)}; linear: the slowest of ${opts.runs} runs, the first one cold, and their median; wall time)`);
  printTable(['pattern', 'input', 'RegExp (before)', 'linear, worst (after)', 'linear, median', 'before / after'], rows);
  console.log(`\nworst case over ${CORPUS.length} patterns: RegExp ${capped > 0 ? `> ${ms(opts.capMs)} (${capped} stopped at the cap)` : ms(worstBefore)}, linear ${ms(worstAfter)}`);
}

/** CPU nanoseconds per call of `f` over `count` calls (after a warm-up of the same length). */
function cpuNsPer(count: number, f: (i: number) => boolean): { ns: number; hits: number } {
  let hits = 0;
  for (let i = 0; i < count; i++) if (f(i)) hits++;
  hits = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) if (f(i)) hits++;
  const used = process.cpuUsage(start);
  return { ns: ((used.user + used.system) * 1_000) / count, hits };
}

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
];
const EMAILS = ['ana@example.com', 'bo.li@switchyard.dev', 'carla+test@example.org', 'dev-42@corp.example.com'];

/** Typical patterns on typical inputs: which shortcut each takes is in the `runs as` column. */
const TYPICAL: { pattern: string; inputs: string[]; runs: string }[] = [
  { pattern: 'iPhone|iPad|Android', inputs: USER_AGENTS, runs: 'literal alternatives: RegExp' },
  { pattern: '^Mozilla/5\\.0', inputs: USER_AGENTS, runs: 'literal text: startsWith' },
  { pattern: '@example\\.com$', inputs: EMAILS, runs: 'literal text: endsWith' },
  { pattern: 'Chrome/1[0-9]{2}', inputs: USER_AGENTS, runs: 'engine, from indexOf("Chrome/1")' },
  { pattern: '.*Mozilla.*Chrome.*Safari.*', inputs: USER_AGENTS, runs: 'engine' },
  { pattern: '^[a-z0-9.+-]+@(example|switchyard)\\.(com|dev)$', inputs: EMAILS, runs: 'engine' },
  { pattern: '.*Android.*Mobile', inputs: USER_AGENTS, runs: 'engine' },
];

if (tables.has('typical')) {
  const { compilePattern } = await import('../packages/core/src/pattern/compile-pattern');
  const rows: (string | number)[][] = [];
  for (const { pattern, inputs, runs } of TYPICAL) {
    const regexp = new RegExp(pattern, 'u');
    const linear = compilePattern(pattern);
    const before = cpuNsPer(opts.matches, (i) => regexp.test(inputs[i % inputs.length]!));
    const after = cpuNsPer(opts.matches, (i) => linear(inputs[i % inputs.length]!));
    if (before.hits !== after.hits) throw new Error(`FAILED: ${pattern} matched ${before.hits} times natively and ${after.hits} linearly`);
    rows.push([pattern, runs, `${inputs.length} × ~${Math.round(inputs.reduce((s, x) => s + x.length, 0) / inputs.length)} chars`, before.ns, after.ns, `${formatNumber(after.ns / before.ns)}×`]);
  }
  console.log(`\n## Typical patterns: cpu ns per match (${opts.matches.toLocaleString('en-US')} matches each way)`);
  printTable(['pattern', 'runs as', 'inputs', 'RegExp ns (before)', 'linear ns (after)', 'after / before'], rows);
}

if (tables.has('eval')) {
  const flag = (key: string, pattern: string): EvaluableFlag =>
    ({
      key,
      type: 'release',
      variationType: 'boolean',
      variations: [{ name: 'off', value: false }, { name: 'on', value: true }],
      offVariation: 0,
      clientSide: false,
      enabled: true,
      killed: null,
      targets: [],
      rules: [{ id: 'r', clauses: [{ attribute: 'ua', op: 'matches', values: [pattern] }], serve: { variation: 1 } }],
      fallthrough: { variation: 0 },
      prerequisites: [],
      version: 1,
    }) as EvaluableFlag;
  const FLAGS = [
    ['M1', 'iPhone|iPad|Android'],
    ['M2', 'Chrome/1[0-9]{2}'],
    ['M3', '.*Mozilla.*Chrome.*Safari.*'],
  ] as const;
  const evaluator = createEvaluator({ flags: FLAGS.map(([key, pattern]) => flag(key, pattern)), segments: [] });
  const contexts = Array.from({ length: 1_000 }, (_, i) => ({ key: `user-${i}`, ua: USER_AGENTS[i % USER_AGENTS.length]! }));
  const rows: (string | number)[][] = [];
  for (const [key, pattern] of FLAGS) {
    if (evaluator.evaluate(key, contexts[0]).reason === 'ERROR') throw new Error(`FAILED: ${key} does not compile`);
    const passes: number[] = [];
    let on = 0;
    for (let p = 0; p < 5; p++) {
      const r = cpuNsPer(opts.evals, (i) => evaluator.evaluate(key, contexts[i % contexts.length]!).value === true);
      passes.push(r.ns);
      on = r.hits;
    }
    rows.push([key, pattern, median(passes), formatNumber(Math.min(...passes)), `${formatNumber((on / opts.evals) * 100)}%`]);
  }
  console.log(`\n## Evaluation through core (createEvaluator) of a flag with one \`matches\` rule on a ~115-character user agent: cpu ns/eval (${opts.evals.toLocaleString('en-US')} evaluations × 5 passes)`);
  printTable(['flag', 'pattern', 'ns/eval (median)', 'min', 'served on'], rows);
}
printLoadAtEnd();
