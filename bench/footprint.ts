// Footprint of what ships (issue 19): the tarballs' sizes, a fresh project's node_modules after
// installing our Node SDK beside LaunchDarkly's and Unleash's, what importing each costs in a fresh
// process, and the server's cold start to "listening" as built JavaScript against the TypeScript
// sources through tsx, in the same run.
//   pnpm pack:all && pnpm --filter @switchyard/bench footprint [-- --runs=7]
// The peers are installed with npm into temporary projects outside the workspace (never workspace
// dependencies), like our tarballs, so every figure is an install a user would get.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { tarballSizes } from '../scripts/build/tarball.mjs';
import { FROM_SOURCES, ServerProcess, type ServerLaunch } from '../test/support/server-process';
import { consumerEnv, PUBLISHED, ROOT, tarballOf } from '../test/packaging/support/workspace';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { Server } from './support/server';
import { median } from './support/stats';
import { formatNumber, printTable } from './support/table';

const opts = options({ runs: 7, keep: false });
const run = promisify(execFile);
const KiB = (n: number) => n / 1024;
const MiB = (n: number) => n / 1024 / 1024;
const range = (xs: number[]) => `${formatNumber(Math.min(...xs))}–${formatNumber(Math.max(...xs))}`;

printMachine('Footprint: tarballs, installs, import cost, server cold start');
console.log(`${opts.runs} run(s) per figure; medians. Fresh npm projects in ${tmpdir()}, outside the workspace.\n`);

// 1. The tarballs.
console.log('## Tarballs (pnpm pack:all → artifacts/)');
printTable(
  ['tarball', 'files', 'packed KiB', 'unpacked KiB'],
  PUBLISHED.map((p) => {
    const s = tarballSizes(tarballOf(p.name));
    return [basename(tarballOf(p.name)), String(s.files), KiB(s.packed), KiB(s.unpacked)];
  }),
);

// 2. Fresh projects.
interface Sdk {
  name: string;
  specifier: string;
  install: string[];
  dir?: string;
}
const sdkVersion = JSON.parse((await run('tar', ['-xzOf', tarballOf('@switchyard/sdk-node'), 'package/package.json'])).stdout).version;
const sdks: Sdk[] = [
  { name: `@switchyard/sdk-node ${sdkVersion}`, specifier: '@switchyard/sdk-node', install: [tarballOf('@switchyard/core'), tarballOf('@switchyard/sdk-node')] },
  { name: '@launchdarkly/node-server-sdk 9.13.7', specifier: '@launchdarkly/node-server-sdk', install: ['@launchdarkly/node-server-sdk@9.13.7'] },
  { name: 'unleash-client 6.12.1', specifier: 'unleash-client', install: ['unleash-client@6.12.1'] },
];

/** Packages (folders with a package.json under node_modules, nested ones too), files and bytes under `dir`. */
function walk(dir: string): { packages: number; files: number; bytes: number } {
  const total = { packages: 0, files: 0, bytes: 0 };
  const visit = (d: string, inNodeModules: boolean) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (inNodeModules && !entry.name.startsWith('@') && !entry.name.startsWith('.')) total.packages++;
        visit(path, entry.name === 'node_modules' || (inNodeModules && entry.name.startsWith('@')));
      } else {
        total.files++;
        total.bytes += statSync(path).size;
      }
    }
  };
  visit(join(dir, 'node_modules'), true);
  return total;
}

console.log('\n## A fresh project\'s node_modules after `npm install <sdk>` (our SDK from its tarballs: it and @switchyard/core)');
const installRows: (string | number)[][] = [];
for (const sdk of sdks) {
  sdk.dir = mkdtempSync(join(tmpdir(), 'switchyard-footprint-'));
  writeFileSync(join(sdk.dir, 'package.json'), '{ "name": "footprint", "version": "1.0.0", "private": true }\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...sdk.install], { cwd: sdk.dir, env: consumerEnv(), maxBuffer: 16 * 1024 * 1024 });
  const w = walk(sdk.dir);
  installRows.push([sdk.name, String(w.packages), w.files.toLocaleString('en-US'), KiB(w.bytes)]);
}
printTable(['sdk', 'packages', 'files', 'node_modules KiB'], installRows);

// 3. Importing each, in a fresh process per run (round-robin across SDKs).
// CPU time (user + system of the process) is the figure to compare on a shared machine; wall time beside it.
const IMPORT = `gc(); gc();
const m0 = process.memoryUsage();
const c0 = process.cpuUsage();
const t0 = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
gc(); gc();
const m1 = process.memoryUsage();
console.log(JSON.stringify({ ms, cpu: (c.user + c.system) / 1000, heap: m1.heapUsed - m0.heapUsed, rss: m1.rss - m0.rss }));`;
const imports = new Map<Sdk, { ms: number; cpu: number; heap: number; rss: number }[]>(sdks.map((s) => [s, []]));
for (let i = 0; i < opts.runs; i++) {
  for (const sdk of sdks) {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--input-type=module', '-e', IMPORT, sdk.specifier], { cwd: sdk.dir, env: consumerEnv() });
    imports.get(sdk)!.push(JSON.parse(stdout));
  }
}
console.log('\n## `await import(sdk)` in a fresh node process: CPU and wall time, and heap / RSS retained after GC');
printTable(
  ['sdk', 'import cpu ms (median)', 'min–max', 'wall ms (median)', 'heap MiB (median)', 'RSS MiB (median)'],
  sdks.map((s) => {
    const r = imports.get(s)!;
    return [s.name, median(r.map((x) => x.cpu)), range(r.map((x) => x.cpu)), median(r.map((x) => x.ms)), MiB(median(r.map((x) => x.heap))), MiB(median(r.map((x) => x.rss)))];
  }),
);
if (!opts.keep) for (const sdk of sdks) rmSync(sdk.dir!, { recursive: true, force: true });

// 4. Server cold start: spawn → "listening", new database (migrations, default environments, token) and
// restart; wall time, and the server process's own CPU time until then (/proc: robust to other load).
const BUILT: ServerLaunch = { args: ['apps/server/dist/main.js'], cwd: ROOT };
const launches: [string, ServerLaunch][] = [
  ['built JavaScript: node apps/server/dist/main.js', BUILT],
  ['TypeScript through tsx: node --import tsx apps/server/src/main.ts', FROM_SOURCES],
];
const starts = new Map<string, { first: number[]; firstCpu: number[]; restart: number[]; restartCpu: number[] }>(launches.map(([n]) => [n, { first: [], firstCpu: [], restart: [], restartCpu: [] }]));
for (let i = 0; i < opts.runs; i++) {
  for (const [name, launch] of launches) {
    const proc = new ServerProcess({}, launch);
    const s = starts.get(name)!;
    try {
      let t0 = performance.now();
      await proc.start();
      s.first.push(performance.now() - t0);
      s.firstCpu.push(new Server(proc).cpuMs());
      await proc.stop();
      t0 = performance.now();
      await proc.start();
      s.restart.push(performance.now() - t0);
      s.restartCpu.push(new Server(proc).cpuMs());
    } finally {
      await proc.dispose();
    }
  }
}
console.log('\n## Server cold start: process spawned → "Switchyard is listening" (SQLite; alternating, same run)');
printTable(
  ['server', 'new database ms (median)', 'min–max', 'cpu ms', 'restart ms (median)', 'min–max', 'restart cpu ms'],
  launches.map(([name]) => {
    const s = starts.get(name)!;
    return [name, median(s.first), range(s.first), median(s.firstCpu), median(s.restart), range(s.restart), median(s.restartCpu)];
  }),
);
const [built, tsx] = launches.map(([n]) => starts.get(n)!);
console.log(`built JavaScript starts ${formatNumber(median(tsx!.first) / median(built!.first))}× as fast as tsx on a new database, ${formatNumber(median(tsx!.restart) / median(built!.restart))}× on a restart (cpu: ${formatNumber(median(tsx!.firstCpu) / median(built!.firstCpu))}×, ${formatNumber(median(tsx!.restartCpu) / median(built!.restartCpu))}×)`);
printLoadAtEnd();
