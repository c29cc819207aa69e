import { defineConfig } from 'vitest/config';

/**
 * Every bench script once, smoke-sized (test/bench): its own run in scripts/test.sh, one script at a
 * time, after the other suites, so that no benchmark's servers and workers compete with them.
 */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.test.ts'],
    testTimeout: 200_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
