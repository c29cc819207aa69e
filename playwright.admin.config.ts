import { defineConfig } from '@playwright/test';

/**
 * The admin UI's acceptance suite, in real Chromium (Debian's /usr/bin/chromium; Playwright
 * downloads no browser) against a real server process that serves the built UI. Build first:
 *   pnpm --filter @switchyard/admin build && pnpm exec playwright test -c playwright.admin.config.ts
 * One worker: the specs share one server (started once per worker, see test/e2e/admin/support).
 * The JSON report goes to .reports/, outside test-results/, which Playwright empties on start;
 * screenshots of the main pages go to .reports/screenshots/admin-*.png.
 */
export default defineConfig({
  testDir: 'test/e2e/admin',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/admin',
  reporter: [['list'], ['json', { outputFile: '.reports/playwright-admin.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1360, height: 860 },
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
