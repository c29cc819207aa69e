// Browser bundles (issue 7, item 7): the LaunchDarkly and Unleash browser SDKs bundled the way
// bench/bundle-size.mjs bundles ours — esbuild, ESM, minified, browser platform, es2022 — and
// compressed with gzip -9, printed beside our SDK (built by packages/sdk-browser/scripts/build.mjs).
//   pnpm --filter @switchyard/bench bundles
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { buildSdk } from '../packages/sdk-browser/scripts/build.mjs';
import { printLoadAtEnd, printMachine } from './support/machine';
import { formatNumber, printTable } from './support/table';

printMachine('Browser SDK bundles: esbuild ESM minified, gzip -9');

/** Bundles an entry that imports what an application uses from a package, so tree-shaking keeps exactly that. */
async function bundle(contents: string): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0]!.contents;
}

const ours = await buildSdk({ minify: true, write: false });
const oursBytes = ours.sdk.outputFiles![0]!.contents;
const rows: [string, string, Uint8Array][] = [
  ['@switchyard/sdk-browser (dist/index.js)', 'its public surface (src/index.ts)', oursBytes],
  ['launchdarkly-js-client-sdk 3.9.5', "export { initialize } from 'launchdarkly-js-client-sdk'", await bundle("export { initialize } from 'launchdarkly-js-client-sdk';")],
  ['unleash-proxy-client 3.8.2', "export { UnleashClient } from 'unleash-proxy-client'", await bundle("export { UnleashClient } from 'unleash-proxy-client';")],
];
const gz = rows.map(([, , b]) => gzipSync(b, { level: 9 }).length);
printTable(
  ['bundle', 'entry', 'min bytes', 'min+gzip bytes', 'min+gzip KiB', 'vs ours'],
  rows.map(([name, entry, bytes], i) => [name, entry, bytes.length, gz[i]!, gz[i]! / 1024, i === 0 ? '1.00×' : `${formatNumber(gz[i]! / gz[0]!)}× ours`]),
);
printLoadAtEnd();
