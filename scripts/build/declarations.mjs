// The declarations of the published packages: tsc emits one .d.ts per source file for all of them in
// one program (.build/types/), then rollup-plugin-dts bundles each entry's into one self-contained
// dist/<entry>.d.ts (and .d.cts for the `require` condition). Bundled, they need no file extensions
// in relative imports (the sources have none) and resolve the same under NodeNext, node10 and Bundler.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { isBuiltin, packageOf, runtimeDependencies } from './javascript.mjs';
import { PACKAGES } from './packages.mjs';

const TYPES_DIR = '.build/types';

/** Runs tsc once over the sources of `pkgs` (and core's, whose types others carry). */
export async function emitDeclarations(root, pkgs) {
  const dirs = [...new Set(['packages/core', ...pkgs.map((p) => p.dir)])];
  const config = {
    extends: '../tsconfig.base.json',
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      // The test command typechecks everything already; emitting needs only the types the declarations name.
      noCheck: true,
      rootDir: '..',
      outDir: '../.build/types',
      types: ['node'],
      // Of tsconfig.base.json's paths, only core's and api's (the workspace packages the published
      // sources import): with the others, tsc may name a type by any package that re-exports it (a
      // core declaration importing `@switchyard/sdk-node`) instead of by its relative path.
      paths: { '@switchyard/core': ['../packages/core/src/index.ts'], '@switchyard/api': ['../packages/api/src/index.ts'] },
    },
    include: dirs.map((d) => `../${d}/src`),
  };
  await rm(join(root, TYPES_DIR), { recursive: true, force: true });
  await mkdir(join(root, '.build'), { recursive: true });
  const tsconfig = join(root, '.build', 'tsconfig.declarations.json');
  await writeFile(tsconfig, JSON.stringify(config, null, 2));
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`tsc could not emit declarations:\n${err.stdout}${err.stderr}`);
  }
}

/** Bundles the declarations of `pkg`'s entries into dist/. */
export async function bundleDeclarations(root, pkg) {
  const dir = join(root, pkg.dir);
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const declared = runtimeDependencies(manifest);
  const inlined = new Map((pkg.inlineTypes ?? []).map((name) => [name, PACKAGES.find((p) => p.name === name)]));
  for (const entry of pkg.entries.filter((e) => e.types !== false)) {
    const input = join(root, TYPES_DIR, pkg.dir, entry.src.replace(/\.ts$/, '.d.ts'));
    const bundle = await rollup({
      input,
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !inlined.has(packageOf(id)),
      plugins: [
        {
          name: 'switchyard-inline-types',
          resolveId: (id) => (inlined.has(id) ? join(root, TYPES_DIR, inlined.get(id).dir, 'src/index.d.ts') : null),
        },
        dts({ respectExternal: true }),
      ],
      onwarn(warning, warn) {
        if (warning.code !== 'UNUSED_EXTERNAL_IMPORT') warn(warning);
      },
    });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    const chunk = output[0];
    // A consumer's tsc must find everything these types import: the package's own dependencies or
    // peers, or Node's (from @types/node, which a Node project has).
    const undeclared = chunk.imports.filter((id) => !isBuiltin(id) && !declared.has(packageOf(id)));
    if (undeclared.length > 0) throw new Error(`${pkg.name}: dist/${entry.name}.d.ts imports ${undeclared.join(', ')}, not in its dependencies or peerDependencies`);
    const code = `${chunk.code.trimEnd()}\n`;
    await writeFile(join(dir, 'dist', `${entry.name}.d.ts`), code);
    // The same declarations, read as CommonJS (a .d.cts) by a consumer that requires the package.
    if (pkg.cjs) await writeFile(join(dir, 'dist', `${entry.name}.d.cts`), code);
  }
}
