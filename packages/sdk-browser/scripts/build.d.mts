import type { BuildResult } from 'esbuild';

export declare const PACKAGE_DIR: string;
export declare const DIST_DIR: string;
/** Builds dist/index.js (the SDK) and dist/openfeature.js (the provider); see build.mjs. */
export declare function buildSdk(options?: { minify?: boolean; write?: boolean; outdir?: string }): Promise<{
  sdk: BuildResult<{ metafile: true }>;
  provider: BuildResult<{ metafile: true }>;
}>;
