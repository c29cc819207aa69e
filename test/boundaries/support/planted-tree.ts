import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The configuration files the boundary tools read, copied as they are into every planted tree. */
const CONFIG_FILES = [
  'biome.jsonc',
  '.gitignore',
  '.dependency-cruiser.cjs',
  'tsconfig.base.json',
  'tsconfig.depcruise.json',
  'packages/core/tsconfig.json',
];

export interface ToolRun {
  status: number | null;
  output: string;
}

/**
 * A throwaway copy of the repository's boundary configuration with a few planted files (path → content),
 * outside the repository so a planted violation can never leak into the real tree. `node_modules` links to the
 * repository's, so zod, ws and the type packages resolve as they do in the real tree.
 */
export function plantedTree(files: Record<string, string>): {
  dir: string;
  run: (tool: string, args: string[]) => ToolRun;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-boundaries-'));
  for (const file of CONFIG_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    // A workspace package resolves its own dependencies (zod for core) from its own node_modules.
    const workspace = path.split('/').slice(0, 2).join('/');
    const modules = join(ROOT, workspace, 'node_modules');
    if (
      /^(apps|packages)\//.test(workspace) &&
      existsSync(modules) &&
      !existsSync(join(dir, workspace, 'node_modules'))
    )
      symlinkSync(modules, join(dir, workspace, 'node_modules'), 'dir');
  }
  return {
    dir,
    run: (tool, args) => runTool(tool, args, dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a tool from the repository's node_modules/.bin in `cwd`; its stdout and stderr together. */
export function runTool(tool: string, args: string[], cwd = ROOT): ToolRun {
  const res = spawnSync(join(ROOT, 'node_modules/.bin', tool), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (res.error) throw res.error;
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}
