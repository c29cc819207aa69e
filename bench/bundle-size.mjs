// Size of the browser SDK bundle: builds it (ESM, minified, @switchyard/core tree-shaken) and prints
// raw (bundled, not minified), min and min+gzip bytes (node:zlib, level 9). Exits 1 when min+gzip is
// over the budget, or when anything from node_modules (zod, for one) made it into the bundle.
// The OpenFeature provider (dist/openfeature.js) and the <script> build (dist/switchyard.iife.js, the
// same SDK as a classic script defining `Switchyard`) are reported beside it and are not in the budget.
//   node bench/bundle-size.mjs            (writes packages/sdk-browser/dist/ as well)
import { gzipSync } from 'node:zlib';
import { buildSdk } from '../packages/sdk-browser/scripts/build.mjs';

const BUDGET_GZIP_BYTES = 6 * 1024;

const raw = await buildSdk({ minify: false, write: false });
const min = await buildSdk({ minify: true, write: true });

const size = (result) => result.outputFiles?.[0]?.contents.length ?? Object.values(result.metafile.outputs)[0].bytes;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const minFile = (result) => Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('.js'))[0];

import { readFileSync } from 'node:fs';
const sdkMin = readFileSync(minFile(min.sdk));
const providerMin = readFileSync(minFile(min.provider));
const iifeMin = readFileSync(minFile(min.iife));
const figures = {
  sdk: { label: 'dist/index.js', raw: size(raw.sdk), min: sdkMin.length, gzip: gzip(sdkMin) },
  openfeature: { label: 'dist/openfeature.js (excluded)', raw: size(raw.provider), min: providerMin.length, gzip: gzip(providerMin) },
  iife: { label: 'dist/switchyard.iife.js (excluded)', raw: size(raw.iife), min: iifeMin.length, gzip: gzip(iifeMin) },
};

const fromPackages = [min.sdk, min.iife].flatMap((r) => Object.entries(Object.values(r.metafile.outputs)[0].inputs))
  .filter(([path, input]) => input.bytesInOutput > 0 && path.includes('node_modules'))
  .map(([path]) => path)
  .filter((path, i, all) => all.indexOf(path) === i);

console.log('bundle                               raw      min   min+gzip');
for (const f of Object.values(figures))
  console.log(`${f.label.padEnd(35)} ${String(f.raw).padStart(6)}  ${String(f.min).padStart(7)}  ${String(f.gzip).padStart(9)}`);
console.log(`budget (min+gzip of dist/index.js): ${BUDGET_GZIP_BYTES} bytes — ${figures.sdk.gzip <= BUDGET_GZIP_BYTES ? 'OK' : 'OVER'} (${((figures.sdk.gzip / BUDGET_GZIP_BYTES) * 100).toFixed(0)}%)`);

let failed = false;
if (figures.sdk.gzip > BUDGET_GZIP_BYTES) {
  console.error(`FAIL: dist/index.js is ${figures.sdk.gzip} bytes min+gzip, over the ${BUDGET_GZIP_BYTES}-byte budget`);
  failed = true;
}
if (fromPackages.length > 0) {
  console.error(`FAIL: third-party code in the bundle (tree-shaking broke?): ${fromPackages.join(', ')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
