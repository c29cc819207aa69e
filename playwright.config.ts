import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in real Chromium (Debian's /usr/bin/chromium; Playwright downloads no browser).
 * Each spec starts what it needs (a real server process, a small page server) on free ports.
 * The JSON report goes to .reports/, outside test-results/, which Playwright empties on start.
 *   pnpm exec playwright test
 */
export default defineConfig({
  testDir: 'test/e2e',
  // The admin UI suite has its own config (playwright.admin.config.ts).
  testIgnore: ['admin/**'],
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
