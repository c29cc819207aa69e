import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';
import { connectSdkClients } from './support/sdk-clients';

test('kill a flag with a reason and see it land on every connected SDK: "on 3 of 3"', async ({ adminPage: page, server }) => {
  const key = uniqueKey('checkout-payments');
  const flag = await createFlag(server, { key, name: 'Checkout payments', type: 'kill-switch', owner: 'team-payments', tags: ['payments'], expiresAt: null });
  await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/toggle`, { enabled: true, baseVersion: flag.environments.production.version });
  // Other incident flags, so the incident view shows a realistic board.
  for (const [name, owner] of [
    ['Recommendations service', 'team-discovery'],
    ['Email sending', 'team-growth'],
  ] as const) {
    const f = await createFlag(server, { key: uniqueKey(name.toLowerCase().replace(/\s+/g, '-')), name, type: 'ops', owner, expiresAt: null });
    await apiOk(server, 'POST', `/api/v1/flags/${f.key}/environments/production/toggle`, { enabled: true, baseVersion: f.environments.production.version });
  }

  // Three real Node SDK clients with a production server key: they apply and acknowledge changes.
  const { secret } = await server.sdkKey('server', 'production');
  const sdks = await connectSdkClients(server.baseUrl, secret, 3);
  try {
    await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
    const statebar = page.locator('.statebar').filter({ has: page.getByRole('heading', { name: 'Production' }) });
    await expect(statebar.getByTestId('landed')).toContainText('on 3 of 3');

    await page.getByRole('button', { name: `Kill ${key} in Production` }).click();
    const dialog = page.getByRole('dialog', { name: `Kill ${key} in Production?` });
    await expect(dialog).toContainText('will serve');
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('INC-311: payment errors spiking');
    await dialog.getByRole('button', { name: 'Kill in Production' }).click();

    await expect(statebar).toContainText('INC-311: payment errors spiking');
    const killed = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`);
    expect(killed.killed).toMatchObject({ reason: 'INC-311: payment errors spiking' });
    // People see the flag's own revision (the environment version is for SDKs, in the tooltip).
    await expect(statebar).toContainText(`v${killed.revision}`);
    // The count is for the kill's version: every connection acknowledged it.
    await expect(statebar.getByTestId('landed')).toHaveText(/on 3 of 3/);
    expect(Math.min(...sdks.acked)).toBeGreaterThanOrEqual(killed.version);

    // The incident view shows it killed, with who, why and delivery.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incident' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Checkout payments' }) });
    await expect(row).toContainText('INC-311: payment errors spiking');
    // Production's cell (the one with its Restore button): other specs on this server add environments,
    // so the production column is not always the last.
    const production = row.getByRole('cell').filter({ has: page.getByRole('button', { name: `Restore ${key} in Production` }) });
    await expect(production.getByTestId('landed')).toHaveText(/on 3 of 3/);
    await expect(page.getByRole('button', { name: `Restore ${key} in Production` })).toBeVisible();
    await expect(page.getByTestId('landed').filter({ hasText: '—' })).toHaveCount(0);
    await screenshot(page, 'incident');
  } finally {
    await sdks.close();
  }
});
