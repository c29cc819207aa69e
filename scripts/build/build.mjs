// Builds the published packages to their dist/ folders: JavaScript (esbuild) and bundled declarations.
//   node scripts/build/build.mjs                 every package (what `pnpm build` and `pnpm pack:all` run)
//   node scripts/build/build.mjs server cli      some of them
//   node scripts/build/build.mjs --no-types server   JavaScript only (a production directory needs no .d.ts)
// The server's build also builds the admin UI and copies it into apps/server/dist/admin.
import { execFileSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDeclarations, emitDeclarations } from './declarations.mjs';
import { buildJavaScript } from './javascript.mjs';
import { findPackage, PACKAGES } from './packages.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** Builds `pkgs` (default: all). Prints one line per step. `adminBuilt`: apps/admin/dist is fresh, copy it as it is. */
export async function buildPackages(pkgs = PACKAGES, { types = true, adminBuilt = false } = {}) {
  const t0 = performance.now();
  if (pkgs.some((p) => p.adminUi) && !adminBuilt) {
    const t = performance.now();
    execFileSync('pnpm', ['--filter', '@switchyard/admin', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    console.log(`  admin UI (vite)                    ${seconds(t)}`);
  }
  if (types) {
    const t = performance.now();
    await emitDeclarations(ROOT, pkgs);
    console.log(`  declarations (tsc, one program)    ${seconds(t)}`);
  }
  for (const pkg of pkgs) {
    const t = performance.now();
    const dir = join(ROOT, pkg.dir);
    await rm(join(dir, 'dist'), { recursive: true, force: true });
    if (pkg.browser) {
      const { buildSdk } = await import(join(dir, 'scripts/build.mjs'));
      await buildSdk();
    } else {
      await buildJavaScript(ROOT, pkg);
    }
    if (types) await bundleDeclarations(ROOT, pkg);
    if (pkg.adminUi) await cp(join(ROOT, 'apps/admin/dist'), join(dir, 'dist/admin'), { recursive: true });
    console.log(`  ${pkg.name.padEnd(34)} ${seconds(t)}`);
  }
  console.log(`built ${pkgs.length} package(s) in ${seconds(t0)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  await buildPackages(names.length ? names.map(findPackage) : PACKAGES, { types: !args.includes('--no-types') });
}
