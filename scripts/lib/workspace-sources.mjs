// Where the workspace finds its own packages' TypeScript sources. Every package's `exports` point at
// its built dist/ (what npm installs); inside the workspace, tsconfig.base.json's `paths` map each
// import specifier (`@switchyard/core`, `@switchyard/sdk-node/openfeature`, …) to the source file
// instead. tsc, tsx and esbuild read those paths themselves; vite and vitest are given them as
// aliases by this module, so tests, scripts, typecheck and the admin UI run without a build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** tsconfig.base.json's `paths`: specifier → source file, absolute. */
export function workspaceSources() {
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
  return Object.fromEntries(Object.entries(compilerOptions.paths).map(([specifier, [target]]) => [specifier, join(ROOT, target)]));
}

/** The same as vite `resolve.alias` entries: exact specifiers only (`@switchyard/sdk-node` does not capture `…/openfeature`). */
export function workspaceAliases() {
  return Object.entries(workspaceSources()).map(([specifier, file]) => ({
    find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
    replacement: file,
  }));
}
