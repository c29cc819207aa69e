import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceSources } from '../scripts/lib/workspace-sources.mjs';

const ROOT = join(__dirname, '..');
const PACKAGES = ['packages/core', 'packages/api', 'packages/sdk-node', 'packages/sdk-browser', 'apps/cli', 'apps/server'];
const manifest = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));

/** Every file an `exports` map can resolve to, under any condition. */
function targets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(targets);
  return [];
}

describe('the workspace packages: exports ship dist/, the workspace runs the sources through tsconfig paths', () => {
  it('every package\'s exports point at dist/ (JavaScript or declarations), never at TypeScript sources', () => {
    for (const dir of PACKAGES) {
      const m = manifest(dir);
      expect(m.exports, dir).toBeDefined();
      expect(m.publishConfig?.exports, `${dir}: one exports map, the one that is packed`).toBeUndefined();
      for (const file of targets(m.exports)) expect(file, dir).toMatch(/^\.\/(dist\/.+\.(js|cjs|d\.ts|d\.cts)|package\.json)$/);
    }
  });

  it('tsconfig.base.json maps exactly the packages\' import specifiers to existing source files', () => {
    const sources = workspaceSources();
    const specifiers = PACKAGES.flatMap((dir) => {
      const m = manifest(dir);
      return Object.keys(m.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? m.name : `${m.name}/${k.slice(2)}`));
    });
    expect(Object.keys(sources).sort()).toEqual(specifiers.sort());
    for (const [specifier, file] of Object.entries(sources)) {
      expect(existsSync(file), `${specifier} → ${file}`).toBe(true);
      expect(relative(ROOT, file), specifier).toMatch(/^(packages|apps)\/[^/]+\/src\/.+\.ts$/);
    }
  });

  it('vitest resolves a package to its sources (the alias), as one module with a relative import of them', async () => {
    expect(await import('@switchyard/core')).toBe(await import('../packages/core/src/index'));
    expect(await import('@switchyard/sdk-node/openfeature')).toBe(await import('../packages/sdk-node/src/openfeature/index'));
  });

  it('node --import tsx resolves the packages to their sources from tsconfig paths', () => {
    const probe = `for (const s of ${JSON.stringify(Object.keys(workspaceSources()))}) console.log(s + ' ' + import.meta.resolve(s));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    const resolved = Object.fromEntries(out.trim().split('\n').map((line) => line.split(' ')));
    for (const [specifier, file] of Object.entries(workspaceSources())) expect(resolved[specifier], specifier).toBe(`file://${file}`);
  });
});
