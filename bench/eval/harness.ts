import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { Contender } from './contender';
import { median } from '../support/stats';

type Loop = (fn: (ctx: unknown) => unknown, contexts: readonly unknown[], reps?: number) => unknown;

/**
 * A fresh loop function per contender and shape, built with `new Function` so that each has its own
 * call-site feedback: a loop shared by every implementation would turn megamorphic and slow them all.
 * Async contenders are awaited on every call, as an application awaits them.
 */
export function makeLoop(async: boolean): Loop {
  const body = 'let last; const n = ctxs.length; for (let r = 0; r < (reps ?? 1); r++) for (let i = 0; i < n; i++) last = AWAIT fn(ctxs[i]); return last;';
  return async
    ? (new Function('fn', 'ctxs', 'reps', `return (async () => { ${body.replace('AWAIT', 'await')} })();`) as Loop)
    : (new Function('fn', 'ctxs', 'reps', body.replace('AWAIT', '')) as Loop);
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run node with --expose-gc (pnpm --filter @switchyard/bench eval does)');
  g();
};

const settle = () => new Promise((r) => setTimeout(r, 30));

/**
 * Times one pass over every context, after a full GC; returns ns per evaluation, of this process's
 * CPU time (user + system, all its threads: GC work caused by the pass counts) and of wall time.
 * CPU time is the figure compared: on this shared machine wall time also counts the time other
 * processes held the core (it swings 10× under load while CPU time stays within a few %).
 */
export async function timePass(loop: Loop, fn: (ctx: unknown) => unknown, contexts: readonly unknown[], reps = 1): Promise<{ cpu: number; wall: number; main: number }> {
  gc();
  await settle(); // V8 sweeps concurrently after a full GC: let it finish, or its threads' CPU lands in the pass
  const c0 = process.cpuUsage();
  const m0 = mainThreadNs();
  const t0 = process.hrtime.bigint();
  await loop(fn, contexts, reps);
  const t1 = process.hrtime.bigint();
  const m1 = mainThreadNs();
  const c = process.cpuUsage(c0);
  const n = contexts.length * reps;
  return { cpu: ((c.user + c.system) * 1000) / n, wall: Number(t1 - t0) / n, main: (m1 - m0) / n };
}

/**
 * CPU time of the main thread alone, in ns (Linux: the first field of /proc/thread-self/schedstat), or
 * NaN elsewhere. Shown beside process CPU time: when a row's process CPU exceeds its wall time, V8's
 * background threads (concurrent compilation, marking, sweeping) ran during the pass — work the
 * evaluations themselves did not do on the main thread. Informational; the compared figure stays the
 * process's CPU time, which also charges each implementation for the GC work its allocations cause.
 */
function mainThreadNs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

/**
 * A pass over 100,000 contexts takes 1.5 ms for the fastest evaluators and 300 ms for the slowest: a
 * burst of other work on this shared machine spoils a short pass, not a long one. So a pass goes
 * over the same contexts as many times as needed to last about MIN_PASS_MS.
 */
const MIN_PASS_MS = 100;
function repsFor(nsPerEval: number, contexts: number): number {
  return Math.max(1, Math.ceil((MIN_PASS_MS * 1e6) / (nsPerEval * contexts)));
}

/** GC start times (performance.now() timeline), to tell whether a collection ran during a pass. */
const gcTimes: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcTimes.push(e.startTime);
}).observe({ entryTypes: ['gc'] });


/**
 * Bytes allocated per evaluation: heapUsed after one pass minus heapUsed before it, after two
 * forced GCs, divided by the evaluations. Only valid when no GC ran during the pass (it would free
 * part of what was allocated): when one did, the pass is repeated over a quarter of the contexts,
 * down to 1,000. Returns the figure and how many evaluations it was measured over.
 */
export async function allocatedPerEval(loop: Loop, fn: (ctx: unknown) => unknown, contexts: readonly unknown[]): Promise<{ bytes: number; over: number; clean: boolean }> {
  let n = contexts.length;
  for (;;) {
    const slice = n === contexts.length ? contexts : contexts.slice(0, n);
    gc();
    gc();
    await settle();
    const start = performance.now();
    const before = process.memoryUsage().heapUsed;
    await loop(fn, slice);
    const after = process.memoryUsage().heapUsed;
    const end = performance.now();
    await settle();
    const collected = gcTimes.some((t) => t >= start && t <= end);
    const bytes = Math.max(0, (after - before) / n);
    if (!collected || n <= 1_000) return { bytes, over: n, clean: !collected };
    n = Math.max(1_000, Math.floor(n / 4));
  }
}

export interface Timing {
  /** CPU ns/eval of each timed pass. */
  passes: number[];
  /** Median CPU ns/eval: the figure compared. */
  median: number;
  /** Median wall-clock ns/eval. */
  wall: number;
  /** Median ns/eval of the main thread's own CPU time (see mainThreadNs). */
  main: number;
}

/**
 * Warm-up passes for every contender, then `passes` timed passes taken round-robin (a different
 * contender first each round), so that a burst of load from other work on this shared machine
 * hits every contender alike rather than one of them.
 */
export async function timeShape(contenders: readonly { c: Contender; fn: (ctx: unknown) => unknown; loop: Loop }[], warmup: number, passes: number): Promise<Timing[]> {
  const reps: number[] = [];
  for (const { c, fn, loop } of contenders) {
    let last = { cpu: 1, wall: 1, main: 1 };
    for (let i = 0; i < Math.max(1, warmup); i++) last = await timePass(loop, fn, c.contexts);
    reps.push(repsFor(Math.min(last.cpu, last.wall), c.contexts.length));
  }
  const times: { cpu: number; wall: number; main: number }[][] = contenders.map(() => []);
  for (let p = 0; p < passes; p++) {
    for (let k = 0; k < contenders.length; k++) {
      const idx = (k + p) % contenders.length;
      const { c, fn, loop } = contenders[idx]!;
      times[idx]!.push(await timePass(loop, fn, c.contexts, reps[idx]));
    }
  }
  return times.map((t) => ({ passes: t.map((x) => x.cpu), median: median(t.map((x) => x.cpu)), wall: median(t.map((x) => x.wall)), main: median(t.map((x) => x.main)) }));
}
