import { defineConfig } from 'vitest/config';

/**
 * The packaging suite (test/packaging): the tarballs `pnpm pack:all` wrote to artifacts/, linted and
 * installed with npm into one fresh project outside the workspace (global setup), then used as a
 * consumer would. Its own run in scripts/test.sh, after `pnpm pack:all`.
 */
export default defineConfig({
  test: {
    include: ['test/packaging/**/*.test.ts'],
    globalSetup: ['test/packaging/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
