import { describe, expect, it } from 'vitest';
import { plantedTree, runTool } from './support/planted-tree';

/**
 * The linter, the scoped format check and packages/core's own strict tsconfig each fail on a planted violation;
 * the real tree passes them (the same commands `pnpm lint` runs). Planted trees live outside the repository.
 */

const inTree = (files: Record<string, string>, tool: string, args: string[]) => {
  const tree = plantedTree(files);
  try {
    return tree.run(tool, args);
  } finally {
    tree.remove();
  }
};

describe('Biome (biome.jsonc)', () => {
  it('fails on a planted lint error, naming the rule', { timeout: 60_000 }, () => {
    const res = inTree({ 'apps/server/src/planted.ts': 'export function stop(): void {\n  debugger;\n}\n' }, 'biome', [
      'lint',
      'apps',
    ]);
    expect(res.status, res.output).not.toBe(0);
    expect(res.output).toContain('lint/suspicious/noDebugger');
  });

  it('fails on a planted formatting error in a file the format check covers', { timeout: 60_000 }, () => {
    const res = inTree({ 'test/boundaries/planted.ts': 'export const quoted = "double";\n' }, 'biome', [
      'check',
      '--error-on-warnings',
      'test',
    ]);
    expect(res.status, res.output).not.toBe(0);
    expect(res.output).toMatch(/Formatter would have printed/);
  });

  it('passes a clean planted file', { timeout: 60_000 }, () => {
    const res = inTree(
      {
        'apps/server/src/planted.ts': "export const quoted = 'single';\n",
        'test/boundaries/planted.ts': "export const quoted = 'single';\n",
      },
      'biome',
      ['check', '--error-on-warnings', 'apps', 'test'],
    );
    expect(res.status, res.output).toBe(0);
  });

  it('passes on the repository as it is', { timeout: 120_000 }, () => {
    const res = runTool('biome', ['check', '--error-on-warnings', '.']);
    expect(res.status, res.output).toBe(0);
  });
});

describe("packages/core's own tsconfig (no DOM, no Node types)", () => {
  const check = (source: string) =>
    inTree({ 'packages/core/src/planted.ts': source }, 'tsc', ['-p', 'packages/core/tsconfig.json', '--noEmit']);

  it('rejects a DOM global', { timeout: 60_000 }, () => {
    const res = check('export const title = (): string => document.title;\n');
    expect(res.status, res.output).not.toBe(0);
    expect(res.output).toMatch(/planted\.ts.*Cannot find name 'document'/);
  });

  it('rejects a Node global', { timeout: 60_000 }, () => {
    const res = check('export const home = (): string | undefined => process.env.HOME;\n');
    expect(res.status, res.output).not.toBe(0);
    expect(res.output).toMatch(/planted\.ts.*Cannot find name 'process'/);
  });

  it('accepts plain ES2022', { timeout: 60_000 }, () => {
    const res = check('export const lastChars = (o: object): string[] => Object.keys(o).map((k) => k.at(-1) ?? k);\n');
    expect(res.status, res.output).toBe(0);
  });

  it('passes on the repository as it is', { timeout: 120_000 }, () => {
    const res = runTool('tsc', ['-p', 'packages/core/tsconfig.json', '--noEmit']);
    expect(res.status, res.output).toBe(0);
  });
});
