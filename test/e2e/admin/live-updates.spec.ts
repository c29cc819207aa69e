import { apiOk, createFlag, expect, expectLive, secondSession, test, uniqueKey } from './support/fixtures';

test('a second browser session sees the first one’s changes live, without reloading', async ({ adminPage: page, browser, server }) => {
  const key = uniqueKey('pricing-page');
  await createFlag(server, { key, name: 'Pricing page redesign', owner: 'team-web' });

  // Session B watches the flag list and, in a second tab, the flag itself.
  const b = await secondSession(browser, server, server.adminToken, '#/flags');
  try {
    const detailB = await b.context.newPage();
    await detailB.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
    for (const p of [b.page, detailB]) {
      await expectLive(p);
      await p.evaluate('window.__sameDocument = true');
    }
    const rowB = b.page.getByRole('row').filter({ has: b.page.getByRole('link', { name: 'Pricing page redesign' }) });
    await expect(rowB.getByRole('cell').nth(2)).toContainText('Off');

    // Session A turns it on in production.
    await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
    await expectLive(page);
    await page.getByRole('switch', { name: `${key} in Production` }).click();
    await page.getByRole('button', { name: 'Turn on in Production' }).click();

    await expect(rowB.getByRole('cell').nth(2)).toContainText('On');
    await expect(detailB.getByRole('switch', { name: `${key} in Production` })).toHaveAttribute('aria-checked', 'true');

    // And kills it: B's views follow again.
    await page.getByRole('button', { name: `Kill ${key} in Production` }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('INC-9: wrong prices shown');
    await page.getByRole('dialog').getByRole('button', { name: 'Kill in Production' }).click();
    await expect(rowB.getByRole('cell').nth(2)).toContainText('Killed');
    await expect(detailB.locator('.statebar__killed')).toContainText('INC-9: wrong prices shown');
    // Its history tab, too.
    await detailB.getByRole('tab', { name: 'History' }).click();
    await expect(
      detailB
        .getByRole('list', { name: `History of ${key}, newest first` })
        .getByRole('listitem')
        .first(),
    ).toContainText('INC-9: wrong prices shown');

    // Neither of B's pages reloaded.
    for (const p of [b.page, detailB]) expect(await p.evaluate('window.__sameDocument')).toBe(true);
  } finally {
    await b.context.close();
  }
});

test('the live stream reconnects on its own after the server restarts, and the page catches up', async ({ adminPage: page, server }) => {
  const key = uniqueKey('search-autocomplete');
  const flag = await createFlag(server, { key, name: 'Search autocomplete', owner: 'team-search' });
  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  await expectLive(page);
  await page.evaluate('window.__sameDocument = true');

  await server.kill(); // SIGKILL: the stream drops without a goodbye
  await expect(page.getByTestId('live-status')).toHaveText('Reconnecting…');
  await server.start(); // same port, same database (sessions survive)
  await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/toggle`, { enabled: true, baseVersion: flag.environments.production.version, reason: 'after restart' });

  await expectLive(page);
  await expect(page.getByRole('switch', { name: `${key} in Production` })).toHaveAttribute('aria-checked', 'true');
  expect(await page.evaluate('window.__sameDocument')).toBe(true);
});
