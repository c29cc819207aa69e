import { apiOk, createFlag, expect, test, uniqueKey } from './support/fixtures';

test('a killed flag’s switch shows what SDKs are served, not “On”; a migration flag shows its stage, not “On”', async ({ adminPage: page, server }) => {
  const key = uniqueKey('served');
  await createFlag(server, { key, name: 'Served state' });
  const cfg = `/api/v1/flags/${key}/environments/production`;
  const { version } = await apiOk(server, 'GET', cfg);
  await apiOk(server, 'POST', `${cfg}/toggle`, { enabled: true, baseVersion: version });
  await apiOk(server, 'POST', `${cfg}/kill`, { reason: 'INC-9' });

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  const toggle = page.getByRole('switch', { name: `${key} in Production` });
  await expect(toggle).toHaveText('Serves “off”');
  await expect(toggle).not.toHaveText(/^On$/);
  // The switch still holds the setting (on), and says why it does not serve it.
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(toggle).toHaveAccessibleDescription(/Killed by .*INC-9.*Everyone in Production gets the off variation/);

  await apiOk(server, 'POST', `${cfg}/restore`, { reason: 'fixed' });
  await page.reload();
  await expect(page.getByRole('switch', { name: `${key} in Production` })).toHaveText('On');

  const migration = uniqueKey('served-migration');
  await createFlag(server, { key: migration, name: 'Served migration', type: 'migration' });
  await page.goto(`${server.baseUrl}/#/flags?q=${migration}`);
  const row = page.getByRole('row', { name: new RegExp(migration) });
  await expect(row.getByRole('cell').filter({ hasText: 'in Production' })).toHaveText('Off in Production');
  await expect(row).not.toContainText('On in');
});
