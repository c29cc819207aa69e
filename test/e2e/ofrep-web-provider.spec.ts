import { expect, test, type Page } from '@playwright/test';
import { ServerProcess } from '../support/server-process';
import { startOfrepPageServer, type OfrepPageGlobals } from './support/ofrep-page-server';

/**
 * Acceptance: the official OpenFeature OFREP web provider (`@openfeature/ofrep-web-provider` 0.4,
 * from npm) in Chromium, on a page served from another origin than Switchyard (allowed by its client
 * key's `allowedOrigins`: CORS for real, the event stream included), follows a change and
 * a kill through the event stream the bulk answer advertises — no reload, no timer polling — and
 * the kill view's delivery count includes it once it re-fetched.
 */
const FLAG = 'new-checkout';
const prod = `/api/v1/flags/${FLAG}/environments/production`;
let server: ServerProcess;
let pages: Awaited<ReturnType<typeof startOfrepPageServer>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // No OFREP_CORS_ORIGINS: the page's origin is allowed by its client key alone (allowedOrigins).
  server = new ServerProcess();
  await server.start();
  expect((await server.api('POST', '/api/v1/flags', { key: FLAG, type: 'release', owner: 'team-checkout', clientSide: true })).status).toBe(201);
  expect((await server.api('POST', '/api/v1/flags', { key: 'server-secret', type: 'release', owner: 'team-billing' })).status).toBe(201);
  const config = { baseUrl: server.baseUrl, clientKey: '', flagKey: FLAG, context: { targetingKey: 'shopper-1', country: 'NL' } };
  pages = await startOfrepPageServer(config);
  const key = await server.api('POST', '/api/v1/keys', { kind: 'client', environment: 'production', name: 'shop web', allowedOrigins: [new URL(pages.url).origin] });
  expect(key.status).toBe(201);
  config.clientKey = key.body.secret; // the page reads its config when served

});

test.afterAll(async () => {
  await pages?.close();
  await server?.dispose();
});

async function changeReachesPage(page: Page, change: () => Promise<{ status: number }>, expected: string): Promise<number> {
  const before = await page.evaluate(() => (globalThis as unknown as OfrepPageGlobals).__renders.length);
  const t0 = Date.now();
  expect((await change()).status).toBe(200);
  await expect(page.locator('#value')).toHaveText(expected);
  const render = await page.evaluate((n) => (globalThis as unknown as OfrepPageGlobals).__renders.slice(n).find((r) => r.value !== undefined), before);
  return render!.at - t0;
}

test('the OFREP web provider follows a change and a kill pushed over the event stream, without reload or polling', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const bulkRequests: string[] = [];
  const streamRequests: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/ofrep/v1/evaluate/flags')) bulkRequests.push(r.url());
    if (r.url().includes('/ofrep/v1/events')) streamRequests.push(r.url());
  });
  await page.goto(pages.url);
  await expect(page.locator('#status')).toHaveText('ready');
  await expect(page.locator('#value')).toHaveText('OFF');
  await expect(page.locator('#reason')).toHaveText('DISABLED');
  const pageId = await page.evaluate(() => (globalThis as unknown as OfrepPageGlobals).__pageId);
  // The provider connected to the advertised stream; its URL carries a token, never the key.
  await expect.poll(() => streamRequests.length).toBe(1);
  expect(streamRequests[0]).toMatch(/\/ofrep\/v1\/events\?token=/);
  const delivery = async (version: number) => (await server.api('GET', `/api/v1/environments/production/delivery?version=${version}`)).body;
  await expect.poll(async () => (await delivery(0)).ofrep.total).toBe(1);

  const version = (await server.api('GET', prod)).body.version;
  const onMs = await changeReachesPage(page, () => server.api('POST', `${prod}/toggle`, { enabled: true, baseVersion: version }), 'ON');
  console.log(`OFREP web provider: toggle on -> page updated in ${onMs} ms`);
  await expect(page.locator('#reason')).toHaveText('STATIC');

  let killVersion = 0;
  const killMs = await changeReachesPage(
    page,
    async () => {
      const res = await server.api('POST', `${prod}/kill`, { reason: 'checkout errors spiking' });
      killVersion = res.body.version;
      return res;
    },
    'OFF',
  );
  console.log(`OFREP web provider: kill -> page updated in ${killMs} ms`);
  await expect(page.locator('#reason')).toHaveText('DISABLED');
  // The kill view's "landed on N of N" counts this provider once it fetched the kill's version.
  await expect.poll(async () => (await delivery(killVersion)).ofrep).toEqual({ total: 1, applied: 1 });

  // Pushed, not polled: one bulk fetch at start, one per change; nothing else while the page idles.
  const settled = bulkRequests.length;
  expect(settled).toBe(3);
  await page.waitForTimeout(1_500); // an idle span in which a polling provider would have fetched
  expect(bulkRequests.length).toBe(settled);
  expect(await page.evaluate(() => (globalThis as unknown as OfrepPageGlobals).__pageId)).toBe(pageId);
  expect(killMs).toBeLessThan(2_000);
  expect(errors).toEqual([]);
});
