import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('segments: create one, edit its keys and rules, and see a delete refused while a flag uses it', async ({ adminPage: page, server }) => {
  const key = uniqueKey('beta-testers');
  await apiOk(
    server,
    'POST',
    '/api/v1/environments/production/segments',
    {
      key: uniqueKey('internal-staff'),
      name: 'Internal staff',
      description: 'Everyone with a company account',
      rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@switchyard.dev'] }] }],
    },
    201,
  );
  await apiOk(
    server,
    'POST',
    '/api/v1/environments/production/segments',
    { key: uniqueKey('small-tenants'), name: 'Small tenants', included: ['acme', 'globex'], rules: [{ clauses: [{ attribute: 'seats', op: 'lt', values: [50] }] }] },
    201,
  );

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Segments' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Environment' }).last()).toHaveValue('production');

  // Create.
  await page.getByRole('link', { name: 'New segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New segment' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Key', exact: true }).fill(key);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Beta testers');
  await page.getByRole('textbox', { name: 'Included context keys' }).fill('user-1, user-2');
  await page.getByRole('textbox', { name: 'Included context keys' }).press('Enter');
  await page.getByRole('button', { name: 'Create segment' }).click();
  await expect(page).toHaveURL(new RegExp(`#/segments/production/${key}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Beta testers');

  // Edit: one more included key, an excluded one, a rule.
  await page.getByRole('textbox', { name: 'Included context keys' }).fill('user-3');
  await page.getByRole('textbox', { name: 'Included context keys' }).press('Enter');
  await page.getByRole('textbox', { name: 'Excluded context keys' }).fill('user-9');
  await page.getByRole('textbox', { name: 'Excluded context keys' }).press('Enter');
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await page.getByRole('textbox', { name: 'Rule 1, condition 1: attribute' }).fill('plan');
  await page.getByRole('textbox', { name: 'Rule 1, condition 1: values' }).fill('beta');
  await page.getByRole('textbox', { name: 'Rule 1, condition 1: values' }).press('Enter');
  // Segments do not nest: no "is in segment" operator in a segment's rules.
  await expect(page.getByRole('combobox', { name: 'Rule 1, condition 1: operator' }).locator('option', { hasText: 'is in segment' })).toHaveCount(0);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByLabel('Note for the audit log').fill('Add the beta plan');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeHidden();
  const saved = await apiOk(server, 'GET', `/api/v1/environments/production/segments/${key}`);
  expect(saved).toMatchObject({
    version: 2,
    included: ['user-1', 'user-2', 'user-3'],
    excluded: ['user-9'],
    rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['beta'] }] }],
  });
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, 'segment-editor');

  // A flag starts using it.
  const flagKey = uniqueKey('new-editor');
  const flag = await createFlag(server, { key: flagKey, name: 'New editor', owner: 'team-docs' });
  await apiOk(server, 'PATCH', `/api/v1/flags/${flagKey}/environments/production`, {
    baseVersion: flag.environments.production.version,
    rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: [key] }], serve: { variation: 1 } }],
  });

  // Delete is refused, naming the flag.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete segment' }).click();
  const inUse = page.getByRole('alert').filter({ hasText: 'was not deleted' });
  await expect(inUse).toContainText(`${key} is used by 1 flag in Production`);
  await expect(inUse.getByRole('link', { name: flagKey })).toHaveAttribute('href', `#/flags/${flagKey}?tab=production`);
  expect((await server.api('GET', `/api/v1/environments/production/segments/${key}`)).status).toBe(200);

  // The list shows it, with its user.
  await page.getByRole('link', { name: 'Segments', exact: true }).first().click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Beta testers' }) });
  await expect(row).toContainText(flagKey);
  await expect(row.getByRole('cell').nth(0)).toHaveText('3 included · 1 excluded');
  await expect(row.getByRole('cell').nth(1)).toContainText('plan is one of beta');
  await screenshot(page, 'segments');

  // Once the flag no longer uses it, delete goes through.
  const current = await apiOk(server, 'GET', `/api/v1/flags/${flagKey}/environments/production`);
  await apiOk(server, 'PATCH', `/api/v1/flags/${flagKey}/environments/production`, { baseVersion: current.version, rules: [] });
  await row.getByRole('link', { name: 'Beta testers' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete segment' }).click();
  await expect(page).toHaveURL(/#\/segments\?env=production$/);
  await expect(page.getByRole('link', { name: 'Beta testers' })).toHaveCount(0);
});
