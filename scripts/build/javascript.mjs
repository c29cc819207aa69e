// The JavaScript of a published package (Node platform), bundled by esbuild from its TypeScript
// sources: dist/<entry>.js (ESM) and, where the package has a `require` condition, dist/<entry>.cjs.
import { build } from 'esbuild';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve, sep } from 'node:path';

/** What a consumer's install brings along with the package: its dependencies and peer dependencies. */
export function runtimeDependencies(manifest) {
  return new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
}

export const isBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id.split('/')[0]);
/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export const packageOf = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]);

/**
 * Every bare import is a declared dependency (left to the consumer's install) or a workspace package
 * this one inlines; anything else fails the build naming it — bundling it silently would ship a copy
 * nobody declared, and leaving it external would fail on the consumer's machine.
 */
function dependencyPolicy(pkg, manifest) {
  const declared = runtimeDependencies(manifest);
  const inline = new Set(pkg.inline ?? []);
  return {
    name: 'switchyard-dependency-policy',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageOf(args.path);
        if (inline.has(name)) return undefined;
        if (declared.has(name)) return { path: args.path, external: true };
        return { errors: [{ text: `${pkg.name} imports ${args.path} (in ${args.importer}), which is not in its dependencies or peerDependencies` }] };
      });
    },
  };
}

/** A subpath entry (e.g. the OpenFeature provider) reaches the rest of the package through the main entry, so a process holds one copy of it. */
function sharesMainEntry(insideDir, mainFile) {
  return {
    name: 'switchyard-shares-main-entry',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        if (!args.importer.startsWith(insideDir + sep)) return undefined;
        const target = resolve(args.resolveDir, args.path);
        if (target.startsWith(insideDir + sep)) return undefined;
        return { path: `./${mainFile}`, external: true };
      });
    },
  };
}

/** Builds a package's entries into its dist/. */
export async function buildJavaScript(root, pkg) {
  const dir = join(root, pkg.dir);
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const formats = pkg.cjs ? ['esm', 'cjs'] : ['esm'];
  for (const format of formats) {
    const ext = format === 'esm' ? '.js' : '.cjs';
    const plain = pkg.entries.filter((e) => !e.sharesMainEntryOutside);
    const sharing = pkg.entries.filter((e) => e.sharesMainEntryOutside);
    const common = {
      absWorkingDir: dir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      outdir: join(dir, 'dist'),
      outExtension: { '.js': ext },
      legalComments: 'none',
      logLevel: 'silent',
    };
    const runs = [];
    // Entries in one ESM build share their common code as chunks; CommonJS has no chunks.
    if (format === 'esm') runs.push({ entries: plain, splitting: plain.length > 1, plugins: [] });
    else for (const e of plain) runs.push({ entries: [e], splitting: false, plugins: [] });
    for (const e of sharing) runs.push({ entries: [e], splitting: false, plugins: [sharesMainEntry(join(dir, e.sharesMainEntryOutside), `index${ext}`)] });
    for (const run of runs) {
      await build({
        ...common,
        splitting: run.splitting,
        entryPoints: Object.fromEntries(run.entries.map((e) => [e.name, join(dir, e.src)])),
        plugins: [...run.plugins, dependencyPolicy(pkg, manifest)],
      });
    }
  }
  for (const e of pkg.entries.filter((x) => x.bin)) {
    const file = join(dir, 'dist', `${e.name}.js`);
    const code = await readFile(file, 'utf8');
    if (!code.startsWith('#!')) await writeFile(file, `#!/usr/bin/env node\n${code}`);
    await chmod(file, 0o755);
  }
}
