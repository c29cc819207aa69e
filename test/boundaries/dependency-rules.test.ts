import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedTree, ROOT, runTool, type ToolRun } from './support/planted-tree';

/**
 * Every rule of .dependency-cruiser.cjs fails on a planted violation, naming itself (and only itself);
 * the stand-ins alone and the real tree pass. The planted tree lives outside the repository (see plantedTree).
 */

// Stand-ins for the modules a violation reaches: storage, a route, a request schema. Each is clean by itself.
const STAND_INS = {
  'apps/server/src/db/stores.ts': 'export interface Database { ping(): Promise<void> }\n',
  'apps/server/src/features/planted/planted-routes.ts': "export const path = '/planted';\n",
  'apps/server/src/features/planted/planted-schemas.ts': 'export type PlantedBody = { name: string };\n',
  'packages/core/src/clean.ts': "import { z } from 'zod';\nexport const name = z.string();\n",
};

/** rule → the one planted file that breaks it. */
const PLANTED: Record<string, [path: string, content: string]> = {
  'core-imports-only-zod': [
    'packages/core/src/imports-the-server.ts',
    "import type { Database } from '../../../apps/server/src/db/stores';\nexport type D = Database;\n",
  ],
  'core-no-node-builtins': [
    'packages/core/src/reads-files.ts',
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  ],
  'routes-never-import-storage': [
    'apps/server/src/features/planted/reads-storage-routes.ts',
    "import type { Database } from '../../db/stores';\nexport const register = (db: Database) => db.ping();\n",
  ],
  'services-never-import-transport': [
    'apps/server/src/features/planted/knows-routes-service.ts',
    "import { path } from './planted-routes';\nexport const createPlantedService = () => ({ path });\n",
  ],
  'services-never-import-request-schemas': [
    'apps/server/src/features/planted/typed-by-schemas-service.ts',
    "import type { PlantedBody } from './planted-schemas';\nexport const create = (body: PlantedBody) => body.name;\n",
  ],
  'sdks-never-import-server': [
    'packages/sdk-node/src/imports-the-server.ts',
    "import type { Database } from '../../../apps/server/src/db/stores';\nexport type D = Database;\n",
  ],
  'admin-never-imports-server-internals': [
    'apps/admin/src/imports-the-server.ts',
    "import type { Database } from '../../server/src/db/stores';\nexport type D = Database;\n",
  ],
  'cli-never-imports-server-internals': [
    'apps/cli/src/imports-the-server.ts',
    "import type { Database } from '../../server/src/db/stores';\nexport type D = Database;\n",
  ],
  'not-to-unresolvable': ['apps/server/src/imports-nothing.ts', "export { gone } from './no-such-file';\n"],
};

const ruleNames = (): string[] =>
  (
    createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[] }
  ).forbidden.map((r) => r.name);

/** depcruise's text report: one `error RULE: FROM → TO` line per violation. */
const violations = (output: string): { rule: string; from: string }[] =>
  [...output.matchAll(/^\s*error ([\w-]+): (\S+) →/gm)].map((m) => ({ rule: m[1]!, from: m[2]! }));

const cruise = (run: (tool: string, args: string[]) => ToolRun, dirs: string[]) =>
  run('depcruise', ['-c', '.dependency-cruiser.cjs', ...dirs]);

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('has a planted violation below for every rule it defines', () => {
    expect(Object.keys(PLANTED).sort()).toEqual(ruleNames().sort());
  });

  describe('on a tree with one planted violation per rule', () => {
    let result: ToolRun;
    let remove = () => {};
    beforeAll(() => {
      const tree = plantedTree({ ...STAND_INS, ...Object.fromEntries(Object.values(PLANTED)) });
      remove = tree.remove;
      result = cruise(tree.run, ['apps', 'packages']);
    }, 120_000);
    afterAll(() => remove());

    it('fails', () => {
      expect(result.status, result.output).not.toBe(0);
    });

    for (const [rule, [path]] of Object.entries(PLANTED)) {
      it(`names ${rule} for its planted file, and nothing else there`, () => {
        const found = violations(result.output);
        expect(
          found.filter((v) => v.from === path).map((v) => v.rule),
          result.output,
        ).toEqual([rule]);
      });
    }

    it('names nothing in the stand-ins', () => {
      const planted = new Set(Object.values(PLANTED).map(([path]) => path));
      expect(
        violations(result.output).filter((v) => !planted.has(v.from)),
        result.output,
      ).toEqual([]);
    });
  });

  it('passes on the stand-ins alone', { timeout: 120_000 }, () => {
    const tree = plantedTree(STAND_INS);
    try {
      const res = cruise(tree.run, ['apps', 'packages']);
      expect(res.status, res.output).toBe(0);
    } finally {
      tree.remove();
    }
  });

  it('passes on the repository as it is', { timeout: 180_000 }, () => {
    // What `pnpm lint:deps` cruises: every app's and package's src.
    const sources = ['apps', 'packages'].flatMap((top) =>
      readdirSync(join(ROOT, top))
        .map((name) => `${top}/${name}/src`)
        .filter((dir) => existsSync(join(ROOT, dir))),
    );
    const res = cruise((tool, args) => runTool(tool, args), sources);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toMatch(/no dependency violations found/);
  });
});
