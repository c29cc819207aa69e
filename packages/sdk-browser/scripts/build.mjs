// Builds the browser SDK with esbuild into dist/: index.js (the SDK, minified ESM, for bundlers and
// <script type="module">), openfeature.js (the OpenFeature web provider; imports ./index.js and
// @openfeature/web-sdk) and switchyard.iife.js (the SDK for a plain <script src>: defines the global
// `Switchyard`). The package's declarations come from scripts/build/build.mjs at the repository root.
// `node packages/sdk-browser/scripts/build.mjs` writes the files; bench/bundle-size.mjs and the
// Playwright suite call buildSdk() directly.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(PACKAGE_DIR, 'dist');

/**
 * @switchyard/core is pure (no I/O, nothing runs on import but constant and schema construction),
 * but its package.json does not say `"sideEffects": false`, so esbuild would keep every module the
 * index re-exports, zod schemas included (~100 KB gzip). This plugin says it for core's sources;
 * the bundle then holds only the few pure functions the SDK calls.
 */
const corePure = {
  name: 'switchyard-core-pure',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'core-pure') return undefined;
      const res = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'core-pure' });
      if (res.errors.length > 0 || !res.path.includes(`${join('packages', 'core', 'src')}`)) return res;
      return { ...res, sideEffects: false };
    });
  },
};

/** In the provider bundle, the SDK itself is the sibling ./index.js, not a second copy. */
const sdkExternal = {
  name: 'switchyard-sdk-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/index(\.ts)?$/ }, () => ({ path: './index.js', external: true }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'silent',
  metafile: true,
};

/**
 * Builds the three bundles. `minify: false` gives the raw size; `write: false` keeps them in memory
 * (`outputFiles`). Returns esbuild's results for the SDK, the provider and the <script> file.
 */
export async function buildSdk({ minify = true, write = true, outdir = DIST_DIR } = {}) {
  const sdk = await build({
    ...common,
    minify,
    write,
    entryPoints: { index: join(PACKAGE_DIR, 'src/index.ts') },
    outdir,
    plugins: [corePure],
  });
  const provider = await build({
    ...common,
    minify,
    write,
    entryPoints: { openfeature: join(PACKAGE_DIR, 'src/openfeature/index.ts') },
    outdir,
    external: ['@openfeature/web-sdk', '@openfeature/core'],
    plugins: [sdkExternal, corePure],
  });
  // The same SDK as one classic script: `<script src=".../switchyard.iife.js">` then `Switchyard.createBrowserClient(...)`.
  const iife = await build({
    ...common,
    format: 'iife',
    globalName: 'Switchyard',
    minify,
    write,
    entryPoints: { 'switchyard.iife': join(PACKAGE_DIR, 'src/index.ts') },
    outdir,
    plugins: [corePure],
  });
  return { sdk, provider, iife };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildSdk();
  console.log(`built ${['index.js', 'openfeature.js', 'switchyard.iife.js'].map((f) => join(DIST_DIR, f)).join(', ')}`);
}
