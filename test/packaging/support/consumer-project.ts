import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerEnv, PUBLISHED, ROOT, tarballOf } from './workspace';

/**
 * What a consumer installs beside our tarballs: the OpenFeature SDKs (the providers' peers),
 * and the tools the checks use as a consumer would (TypeScript, esbuild, Node's types). Pinned to
 * the versions this workspace uses.
 */
export const CONSUMER_DEPENDENCIES = ['@openfeature/server-sdk@1.23.0', '@openfeature/core@1.12.0', '@openfeature/web-sdk@1.10.0', 'typescript@5.9.3', 'esbuild@0.28.2', '@types/node@20.19.43'];

/**
 * A fresh npm project in a temporary folder outside the workspace, with every tarball of artifacts/
 * installed by plain `npm install` (no pnpm, no links, no tsx). One install, reused by every
 * packaging test. Returns its folder.
 */
export async function createConsumerProject(): Promise<string> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'switchyard-consumer-')));
  if (dir.startsWith(`${ROOT}/`)) throw new Error(`the consumer project must be outside the workspace: ${dir}`);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'switchyard-consumer', version: '1.0.0', private: true, allowScripts: { 'better-sqlite3': true, esbuild: true } }, null, 2)}\n`,
  );
  const tarballs = PUBLISHED.map((p) => tarballOf(p.name));
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    execFile('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...CONSUMER_DEPENDENCIES], { cwd: dir, env: consumerEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`npm install failed in ${dir}:\n${stdout}\n${stderr}`)) : resolve(),
    );
  });
  console.log(`consumer project: ${dir} (npm install of ${tarballs.length} tarballs and ${CONSUMER_DEPENDENCIES.length} packages in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return dir;
}
