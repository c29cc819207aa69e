// `pnpm pack:all`: builds every published package (scripts/build/build.mjs) and writes one tarball
// per package to artifacts/, as `pnpm publish` would upload it (publishConfig applied, `workspace:`
// ranges replaced by the versions they point at). Prints each tarball's packed and unpacked size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPackages, ROOT } from './build/build.mjs';
import { PACKAGES } from './build/packages.mjs';
import { tarballSizes } from './build/tarball.mjs';

export const ARTIFACTS = join(ROOT, 'artifacts');

// --admin-built: apps/admin/dist was just built (scripts/test.sh builds it before its Playwright suites).
const adminBuilt = process.argv.includes('--admin-built');
const t0 = performance.now();
console.log(`==> building the published packages${adminBuilt ? ' (the admin UI as already built)' : ''}`);
await buildPackages(PACKAGES, { adminBuilt });

console.log(`==> packing into ${relative(process.cwd(), ARTIFACTS) || '.'}/`);
rmSync(ARTIFACTS, { recursive: true, force: true });
mkdirSync(ARTIFACTS, { recursive: true });
const rows = [];
for (const pkg of PACKAGES) {
  const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', ARTIFACTS], { cwd: join(ROOT, pkg.dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const { filename } = JSON.parse(out.slice(out.indexOf('{')));
  rows.push({ name: pkg.name, file: relative(ROOT, filename), ...tarballSizes(filename) });
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`${'tarball'.padEnd(44)} ${'files'.padStart(5)} ${'packed'.padStart(11)} ${'unpacked'.padStart(11)}`);
for (const r of rows) console.log(`${r.file.padEnd(44)} ${String(r.files).padStart(5)} ${kb(r.packed).padStart(11)} ${kb(r.unpacked).padStart(11)}`);
console.log(`packed ${rows.length} packages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
