import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('an expired flag appears in the stale report, with its reason, owner and the CSV/JSON downloads', async ({ adminPage: page, server }) => {
  // Creation refuses a past expiry: give each flag one a few seconds ahead, then wait until the
  // server reports them expired (the server has no test clock).
  const soon = new Date(Date.now() + 2_000).toISOString();
  const flags = [
    { key: uniqueKey('holiday-banner'), name: 'Holiday banner', owner: 'team-web' },
    { key: uniqueKey('legacy-checkout'), name: 'Legacy checkout', owner: 'team-payments' },
    { key: uniqueKey('onboarding-tour'), name: 'Onboarding tour v1', owner: 'team-growth', type: 'experiment' },
  ];
  for (const f of flags) await createFlag(server, { ...f, expiresAt: soon });
  const key = flags[0]!.key;
  await expect
    .poll(
      async () =>
        ((await apiOk(server, 'GET', '/api/v1/reports/stale')).items as { key: string; reasons: string[] }[]).filter((i) => i.reasons.includes('expired')).map((i) => i.key),
      {
        timeout: 20_000,
      },
    )
    .toEqual(expect.arrayContaining(flags.map((f) => f.key)));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cleanup' }).click();
  await expect(page).toHaveURL(/#\/reports\/stale$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Cleanup' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Window' })).toHaveValue('30');

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Holiday banner' }) });
  await expect(row.getByRole('list', { name: `Why ${key} is listed` })).toContainText('expired');
  await expect(row).toContainText('team-web');
  await expect(row).toContainText('Never'); // last evaluated
  await expect(row.getByRole('link', { name: 'Holiday banner' })).toHaveAttribute('href', `#/flags/${key}`);

  // Downloads: plain links to the endpoint (the session cookie goes along).
  const csvLink = page.getByRole('link', { name: 'Download CSV' });
  await expect(csvLink).toHaveAttribute('href', '/api/v1/reports/stale?days=30&format=csv');
  await expect(page.getByRole('link', { name: 'Download JSON' })).toHaveAttribute('href', '/api/v1/reports/stale?days=30&format=json');
  const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  expect(download.suggestedFilename()).toBe('switchyard-stale-flags.csv');
  const csv = await page.request.get(`${server.baseUrl}/api/v1/reports/stale?days=30&format=csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(`${key},Holiday banner,release,team-web,expired`);

  // Another window is one form away and lands in the address.
  await page.getByRole('textbox', { name: 'Window' }).fill('7');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/#\/reports\/stale\?days=7$/);
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/reports/stale?days=7&format=csv');
  await expect(row).toBeVisible();

  await screenshot(page, 'stale-report');
  await row.getByRole('link', { name: 'Holiday banner' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
});
