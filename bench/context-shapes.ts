// Rule chains against closures when contexts come in many shapes: a hot flag's rules run as one
// generated function whose attribute reads V8 caches per hidden class (packages/core's
// rule-chain-code.ts), which the eval bench's contexts, all of one shape, favour. This times F2, F4
// and S4 (F4's ten rules as the rules of a segment, a flag serving its members) through core with
// contexts in 1, 8 and 20 hidden classes, rule chains on (the default) and off, each side in fresh
// processes, alternating (scale-flags.ts does the same for its comparison).
//   pnpm --filter @switchyard/bench context-shapes [-- --shapes=1,8,20 --contexts=100000 --passes=7 --processes=3]
import { execFileSync } from 'node:child_process';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ shapes: '1,8,20', contexts: 100_000, passes: 7, warmup: 2, processes: 3 });
printMachine('Context shapes: rule chains vs closures');

const worker = new URL('./context-shapes/worker.ts', import.meta.url).pathname;
const rows: (string | number)[][] = [];
for (const shapes of opts.shapes.split(',').map(Number)) {
  const passes: Record<string, Record<string, number[]>> = { chains: {}, closures: {} };
  for (let round = 0; round < opts.processes; round++) {
    for (const mode of ['chains', 'closures'] as const) {
      const args = ['--expose-gc', '--import', 'tsx', worker, mode, String(shapes), String(opts.contexts), String(opts.passes), String(opts.warmup)];
      const result = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, number[]>;
      for (const [shape, times] of Object.entries(result)) (passes[mode]![shape] ??= []).push(...times);
    }
  }
  for (const shape of ['F2', 'F4', 'S4']) {
    const chains = passes.chains![shape]!;
    const closures = passes.closures![shape]!;
    rows.push([shape, String(shapes), median(chains), formatNumber(Math.min(...chains)), median(closures), formatNumber(Math.min(...closures)), `${formatNumber(median(closures) / median(chains))}×`]);
  }
}
console.log(`\n## cpu ns/eval over ${opts.contexts.toLocaleString('en-US')} contexts (${opts.processes} processes per side, alternating, ${opts.passes} passes each)`);
printTable(['shape', 'context shapes', 'rule chains (median)', 'min', 'closures only (median)', 'min', 'closures / chains'], rows);
printLoadAtEnd();
