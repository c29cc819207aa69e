import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = join(ROOT, 'artifacts');

/** The published packages, by name, with their folder in this workspace. */
export const PUBLISHED = [
  { name: '@switchyard/core', dir: 'packages/core' },
  { name: '@switchyard/api', dir: 'packages/api' },
  { name: '@switchyard/sdk-node', dir: 'packages/sdk-node' },
  { name: '@switchyard/sdk-browser', dir: 'packages/sdk-browser' },
  { name: '@switchyard/cli', dir: 'apps/cli' },
  { name: '@switchyard/server', dir: 'apps/server' },
] as const;

/** `@switchyard/sdk-node` → `artifacts/switchyard-sdk-node-<version>.tgz`, as `pnpm pack:all` names it. */
export function tarballOf(name: string): string {
  const prefix = `${name.replace(/^@/, '').replace('/', '-')}-`;
  const found = existsSync(ARTIFACTS) ? readdirSync(ARTIFACTS).filter((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)) && f.endsWith('.tgz')) : [];
  if (found.length !== 1) throw new Error(`expected one tarball of ${name} in artifacts/ (run \`pnpm pack:all\` first), found ${found.length}`);
  return join(ARTIFACTS, found[0]!);
}

/**
 * The environment a consumer's commands run in: this process's, without what pnpm and this
 * workspace add (npm_* settings, the workspace's node_modules/.bin on PATH, NODE_OPTIONS), so that
 * nothing of the workspace can stand in for what the tarballs should bring.
 */
export function consumerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '').split(':').filter((p) => p && !p.startsWith(ROOT) && !p.includes('/node_modules/')).join(':');
  // better-sqlite3 (a dependency of the server) compiles from source here, against the machine's Node headers.
  env.npm_config_nodedir = process.env.npm_config_nodedir ?? '/usr';
  // node-gyp's make runs on every core (better-sqlite3 is two translation units).
  env.JOBS = process.env.JOBS ?? 'max';
  return { ...env, ...extra };
}
