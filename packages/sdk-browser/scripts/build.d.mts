import type { BuildResult } from 'esbuild';

export declare const PACKAGE_DIR: string;
export declare const DIST_DIR: string;
/** Builds dist/index.js (the SDK), dist/openfeature.js (the provider) and dist/switchyard.iife.js (the SDK for a <script> tag); see build.mjs. */
export declare function buildSdk(options?: { minify?: boolean; write?: boolean; outdir?: string }): Promise<{
  sdk: BuildResult<{ metafile: true }>;
  provider: BuildResult<{ metafile: true }>;
  iife: BuildResult<{ metafile: true }>;
}>;
