import './dirname-shim';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ServerProcess } from '../../../support/server-process';

export { expect };

/** Where the screenshots of the main pages go (outside test-results/, which Playwright empties). */
export const SCREENSHOT_DIR = resolve(process.cwd(), '.reports/screenshots');

interface WorkerFixtures {
  /** The real server, one process per worker (workers: 1 → one for the whole run), serving apps/admin/dist. */
  server: ServerProcess;
}

interface TestFixtures {
  /** A page signed in as the bootstrap admin, on the flags list. */
  adminPage: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from the destructuring
    async ({}, use) => {
      const server = new ServerProcess();
      await server.start();
      try {
        await use(server);
      } finally {
        await server.dispose();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  adminPage: async ({ page, server }, use) => {
    await signIn(page, server, server.adminToken);
    await use(page);
  },
});

/** A key no other test uses: every test works on its own flags in the shared server. */
export function uniqueKey(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/**
 * Signs the page's context in through the session API (the cookie lands in the context) and opens
 * the app at `hash`. The sign-in form itself is exercised once, in flag-lifecycle.spec.ts.
 */
export async function signIn(page: Page, server: ServerProcess, token: string, hash = '#/flags'): Promise<void> {
  const res = await page.request.post(`${server.baseUrl}/api/v1/session`, { data: { token } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(`${server.baseUrl}/${hash}`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** A second, independent browser session (its own cookies), signed in. */
export async function secondSession(browser: Browser, server: ServerProcess, token: string, hash: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  await signIn(page, server, token, hash);
  return { context, page };
}

/** Waits until the page follows the server's change stream (so a change made now is seen live). */
export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('live-status')).toHaveText('Live');
}

/** Calls the API as the bootstrap admin and insists on the expected status. */
export async function apiOk(server: ServerProcess, method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const res = await server.api(method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates a flag through the API. */
export async function createFlag(server: ServerProcess, body: Record<string, unknown>): Promise<any> {
  return apiOk(server, 'POST', '/api/v1/flags', { owner: 'team-e2e', type: 'release', ...body }, 201);
}

/** A new admin token of `role`, for signing in as someone else. */
export async function adminToken(server: ServerProcess, role: 'viewer' | 'responder' | 'editor' | 'admin'): Promise<string> {
  const body = await apiOk(server, 'POST', '/api/v1/keys', { kind: 'admin', role, name: uniqueKey(role) }, 201);
  return body.secret as string;
}

/** Saves a full-page screenshot of a main page as .reports/screenshots/admin-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Toasts are transient; hide them so the picture shows the page.
  await page.addStyleTag({ content: '.toasts { display: none !important; }' });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `admin-${name}.png`), fullPage: true, animations: 'disabled' });
}
