// After `changeset version` bumps the packages: writes each SDK's version into the constant it reports
// to the server (`hello.sdk`, shown in the server's connection list), which unit tests keep equal to
// package.json (packages/sdk-node/test/sdk-info.test.ts, packages/sdk-browser/test/context-seq.test.ts).
//   node scripts/release/sync-sdk-versions.mjs      (run by `pnpm version-packages`)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where each SDK states its version: the package, the file, and the text around the version. */
export const VERSION_CONSTANTS = [
  { dir: 'packages/sdk-node', file: 'src/sdk-info.ts', pattern: /(export const SDK_VERSION = ')([^']+)(';)/ },
  { dir: 'packages/sdk-browser', file: 'src/stream.ts', pattern: /(export const SDK_INFO = \{ name: '@switchyard\/sdk-browser', version: ')([^']+)(' \} as const;)/ },
];

/** `source` with the version in `pattern` set to `version`; throws when the pattern is not there exactly once. */
export function withVersion(source, pattern, version) {
  const global = new RegExp(pattern.source, 'g');
  const found = source.match(global)?.length ?? 0;
  if (found !== 1) throw new Error(`expected the version constant ${pattern} once, found it ${found} times`);
  return source.replace(pattern, (_, before, _old, after) => `${before}${version}${after}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { dir, file, pattern } of VERSION_CONSTANTS) {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const path = join(ROOT, dir, file);
    const before = readFileSync(path, 'utf8');
    const after = withVersion(before, pattern, version);
    if (after !== before) writeFileSync(path, after);
    console.log(`${name} ${version}: ${join(dir, file)} ${after === before ? 'already says so' : 'updated'}`);
  }
}
