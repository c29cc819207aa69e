import { adminToken, apiOk, createFlag, expect, signIn, test, uniqueKey } from './support/fixtures';

test('a responder can kill and restore, sees no edit controls, and is refused (403) when it forces an edit', async ({ page, server }) => {
  const key = uniqueKey('image-resizer');
  const flag = await createFlag(server, { key, name: 'Image resizer', type: 'ops', owner: 'team-media', expiresAt: null });
  await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/toggle`, { enabled: true, baseVersion: flag.environments.production.version });

  // A responder lands on the incident view.
  await signIn(page, server, await adminToken(server, 'responder'), '');
  await expect(page).toHaveURL(/#\/incident$/);
  await expect(page.getByText('Responder', { exact: true })).toBeVisible();

  // Kill, then restore, each with a reason.
  await page.getByRole('button', { name: `Kill ${key} in Production` }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('INC-77: resizer saturating CPU');
  await page.getByRole('dialog').getByRole('button', { name: 'Kill in Production' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Image resizer' }) });
  await expect(row).toContainText('INC-77: resizer saturating CPU');
  await page.getByRole('button', { name: `Restore ${key} in Production` }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('INC-77 mitigated');
  await page.getByRole('dialog').getByRole('button', { name: 'Restore in Production' }).click();
  await expect(page.getByRole('button', { name: `Kill ${key} in Production` })).toBeVisible();
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`)).killed).toBeNull();

  // No edit controls anywhere.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flags' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New flag' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Image resizer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
  await expect(page.getByRole('button', { name: `Kill ${key} in Production` })).toBeVisible();
  await expect(page.getByRole('switch')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '+ Add rule' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archive' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Default rule' })).toBeVisible(); // read-only targeting
  await page.getByRole('tab', { name: 'Definition' }).click();
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Segments' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New segment' })).toHaveCount(0);

  // Forcing an edit with its own session (cookie and CSRF token) is refused by the server.
  const session = await page.request.get(`${server.baseUrl}/api/v1/session`);
  const { csrfToken, actor } = await session.json();
  expect(actor.role).toBe('responder');
  const current = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`);
  const forced = await page.request.patch(`${server.baseUrl}/api/v1/flags/${key}/environments/production`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { baseVersion: current.version, fallthrough: { variation: 0 } },
  });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).code).toBe('FORBIDDEN');
  const toggle = await page.request.post(`${server.baseUrl}/api/v1/flags/${key}/environments/production/toggle`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { enabled: false, baseVersion: current.version },
  });
  expect(toggle.status()).toBe(403);
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`)).version).toBe(current.version);
});

test('a responder stops a migration in an incident: the kill rolls it back to dual write and holds it there', async ({ page, server }) => {
  const key = uniqueKey('ledger-move');
  await createFlag(server, { key, name: 'Ledger migration', type: 'migration', owner: 'team-ledger', migration: { backfillRequired: false } });
  const move = `/api/v1/flags/${key}/environments/production/migration/transition`;
  for (const to of ['dualwrite', 'shadow']) await apiOk(server, 'POST', move, { to, reason: `to ${to}` });

  await signIn(page, server, await adminToken(server, 'responder'), '');
  await expect(page).toHaveURL(/#\/incident$/);
  await page.getByRole('button', { name: `Kill ${key} in Production` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('its safe stage');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('INC-88: new ledger store timing out');
  await dialog.getByRole('button', { name: 'Kill in Production' }).click();
  await expect(page.getByRole('button', { name: `Restore ${key} in Production` })).toBeVisible();
  const migration = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production/migration`);
  expect(migration).toMatchObject({ stage: 'dualwrite', killed: { reason: 'INC-88: new ledger store timing out' } });

  // The flag's page shows the stage it was rolled back to, killed.
  await page.getByRole('link', { name: 'Ledger migration' }).click();
  const panel = page.getByTestId('migration-production');
  await expect(panel.getByRole('list', { name: 'Migration stages in Production' }).locator('[aria-current="step"]')).toContainText('Dual write');
  await panel.getByRole('button', { name: `Restore ${key} in Production` }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('INC-88 resolved');
  await page.getByRole('dialog').getByRole('button', { name: 'Restore in Production' }).click();
  await expect(panel.getByRole('button', { name: `Kill ${key} in Production` })).toBeVisible();
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production/migration`)).stage).toBe('dualwrite');
});
