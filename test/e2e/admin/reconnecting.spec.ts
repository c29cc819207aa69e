import { expect, expectLive, test } from './support/fixtures';

test('says "Reconnecting" while the API fails though the change stream stays open, and "Live" once requests go through again', async ({ adminPage: page }) => {
  await expectLive(page);
  // Every API request but the change stream now fails, as when a server's database is gone
  // or the server is shutting down while the page's stream still looks open.
  const failing = (url: URL) => url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/events';
  await page.route(failing, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'DATABASE_UNAVAILABLE', message: 'down', details: {} }) }));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByTestId('live-status')).toHaveText('Reconnecting…');

  // The server answers again: the page finds out by itself (no click needed) and goes live.
  await page.unroute(failing);
  await expectLive(page);
});

test('says "Reconnecting" when the server is stopped with SIGTERM while the page is open, and "Live" once it is back', async ({ adminPage: page, server }) => {
  await expectLive(page);
  await page.evaluate('window.__sameDocument = true');
  expect(await server.stop()).toBe(0); // graceful: the server ends the page's stream and exits
  await expect(page.getByTestId('live-status')).toHaveText('Reconnecting…');
  await server.start();
  await expectLive(page);
  expect(await page.evaluate('window.__sameDocument')).toBe(true);
});
