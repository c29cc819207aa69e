import { apiOk, createFlag, expect, test, uniqueKey } from './support/fixtures';

test("the flag page shows the flag's own revision (a new flag is v1), the environment version SDKs track beside it", async ({ adminPage: page, server }) => {
  // Other flags' changes move the environment version past 1.
  for (let i = 0; i < 3; i++) await createFlag(server, { key: uniqueKey('rev-noise'), name: 'Revision noise' });
  const flag = await createFlag(server, { key: uniqueKey('rev-new'), name: 'Revision new' });
  const envVersion = flag.environments.production.version as number;
  expect(envVersion).toBeGreaterThan(1);

  await page.goto(`${server.baseUrl}/#/flags/${flag.key}?tab=production`);
  const revision = page.getByTestId('flag-revision').filter({ visible: true });
  await expect(revision).toHaveText('v1');
  await expect(revision.locator('..')).toHaveAttribute('title', `Environment version ${envVersion}: what SDKs track`);

  await page.getByRole('switch', { name: `${flag.key} in Production` }).click();
  await page.getByRole('button', { name: 'Turn on in Production' }).click();
  await expect(revision).toHaveText('v2');
  expect((await apiOk(server, 'GET', `/api/v1/flags/${flag.key}/environments/production`)).revision).toBe(2);
});
