import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './scripts/lib/workspace-sources.mjs';

/**
 * The main suite. Workspace packages resolve to their TypeScript sources (tsconfig.base.json's
 * `paths`, as aliases), so no build is needed.
 *
 * Two files at a time, even on a 2-core machine (vitest's default there is one): most files wait
 * on sockets, child processes and timers far more than they compute. Core's unit tests are pure
 * (no globals, no mocks, no I/O), so they share their workers' module cache (`isolate: false`).
 */
export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['packages/core/test/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'workspace',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          // Playwright's, the packaging suite and the bench smoke run have their own configs.
          exclude: ['**/node_modules/**', 'packages/core/**', 'test/e2e/**', 'test/bench/**', 'test/packaging/**'],
        },
      },
    ],
  },
});
