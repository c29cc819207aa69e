import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startPageServer, type PageGlobals } from './support/page-server';
import { ServerProcess } from '../support/server-process';

const FLAG = 'new-checkout';
const prod = `/api/v1/flags/${FLAG}/environments/production`;
let server: ServerProcess;
let pages: Awaited<ReturnType<typeof startPageServer>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = new ServerProcess();
  await server.start();
  const created = await server.api('POST', '/api/v1/flags', { key: FLAG, type: 'release', owner: 'team-checkout', clientSide: true });
  expect(created.status).toBe(201);
  const { secret } = await server.sdkKey('client');
  pages = await startPageServer({ baseUrl: server.baseUrl, clientKey: secret, flagKey: FLAG, context: { key: 'shopper-1', country: 'NL' } });
});

test.afterAll(async () => {
  await pages?.close();
  await server?.dispose();
});

/** Makes a change through the admin API and returns how long the page took to render `expected`. */
async function changeReachesPage(page: Page, change: () => Promise<{ status: number }>, expected: string): Promise<number> {
  const rendersBefore = await page.evaluate(() => (globalThis as unknown as PageGlobals).__renders.length);
  const t0 = Date.now();
  expect((await change()).status).toBe(200);
  await expect(page.locator('#value')).toHaveText(expected);
  const render = await page.evaluate((n) => (globalThis as unknown as PageGlobals).__renders.slice(n).find((r) => r.value !== undefined), rendersBefore);
  expect(render?.value).toBe(expected);
  return render!.at - t0;
}

test('a page using the browser SDK shows the flag and follows changes live, without reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pages.url);
  await expect(page.locator('#status')).toHaveText('ready');
  await expect(page.locator('#value')).toHaveText('OFF');
  await expect(page.locator('#reason')).toHaveText('DISABLED');
  const pageId = await page.evaluate(() => (globalThis as unknown as PageGlobals).__pageId);

  const version = (await server.api('GET', prod)).body.version;
  const toggleMs = await changeReachesPage(page, () => server.api('POST', `${prod}/toggle`, { enabled: true, baseVersion: version }), 'ON');
  console.log(`toggle on -> page updated in ${toggleMs} ms`);
  await expect(page.locator('#reason')).toHaveText('STATIC');
  mkdirSync('.reports/screenshots', { recursive: true });
  await page.screenshot({ path: '.reports/screenshots/sdk-browser-on.png' });

  const killMs = await changeReachesPage(page, () => server.api('POST', `${prod}/kill`, { reason: 'checkout errors spiking' }), 'OFF');
  console.log(`kill switch -> page updated in ${killMs} ms`);
  await expect(page.locator('#reason')).toHaveText('DISABLED');
  await page.screenshot({ path: '.reports/screenshots/sdk-browser-killed.png' });

  expect(toggleMs).toBeLessThan(1_000);
  expect(killMs).toBeLessThan(1_000);
  // Same document all along: the page was updated in place, never reloaded.
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pageId)).toBe(pageId);
  expect(errors).toEqual([]);
  test.info().annotations.push({ type: 'latency', description: `toggle ${toggleMs} ms, kill ${killMs} ms` });
});

test('after a reload the page starts from the values cached in localStorage, then resyncs', async ({ page }) => {
  await page.goto(pages.url);
  await expect(page.locator('#status')).toHaveText('ready');
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__initialSource)).toBe('none');
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await expect(page.locator('#value')).toHaveText('OFF');
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__initialSource)).toBe('storage');
  // With the server unreachable, a client still serves the cached values (stale) instead of defaults.
  const offline = await page.evaluate(async () => {
    const { createBrowserClient } = await import('/sdk/index.js' as string);
    const config = JSON.parse((globalThis as unknown as PageGlobals).document.getElementById('config')!.textContent!);
    const client = createBrowserClient({ ...config, baseUrl: 'http://127.0.0.1:9' });
    const result = { status: client.status(), detail: client.boolVariationDetail(config.flagKey, true) };
    client.close();
    return result;
  });
  expect(offline.status).toMatchObject({ source: 'storage', stale: true });
  expect(offline.detail).toEqual({ value: false, variant: 'off', reason: 'DISABLED' });
});
