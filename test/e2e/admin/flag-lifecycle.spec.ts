import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

/** `YYYY-MM-DD`, `days` from today (UTC), as a date input takes it. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('sign in with the admin token; create a flag with owner and expiry; add a rule and a 10/90 rollout; turn it on in production', async ({ page, server }) => {
  const key = uniqueKey('new-checkout');
  const expiry = dateIn(45);

  // A few flags around it, so the list looks like a team's.
  await createFlag(server, { key: uniqueKey('search-ranking-v2'), name: 'Search ranking v2', type: 'experiment', owner: 'team-search', tags: ['search'] });
  const ops = await createFlag(server, {
    key: uniqueKey('payments-circuit'),
    name: 'Payments circuit breaker',
    type: 'kill-switch',
    owner: 'team-payments',
    tags: ['payments', 'incident'],
    expiresAt: null,
  });
  await apiOk(server, 'POST', `/api/v1/flags/${ops.key}/environments/production/toggle`, { enabled: true, baseVersion: ops.environments.production.version });
  await createFlag(server, { key: uniqueKey('dark-mode'), name: 'Dark mode', owner: 'team-web', tags: ['ui'], clientSide: true });

  // Sign in through the form.
  await page.goto(`${server.baseUrl}/`);
  await page.getByLabel('Admin token').fill(server.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flags' })).toBeVisible();

  // Create: owner and expiry.
  await page.getByRole('link', { name: 'New flag' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New flag' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('New checkout');
  await page.getByRole('textbox', { name: 'Key', exact: true }).fill(key);
  await page.getByRole('textbox', { name: 'Owner', exact: true }).fill('team-payments');
  await page.getByLabel('Expiry date').fill(expiry);
  await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('checkout');
  await page.getByRole('textbox', { name: 'Tags', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Create flag' }).click();

  await expect(page).toHaveURL(new RegExp(`#/flags/${key}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
  await expect(page.getByText('team-payments').first()).toBeVisible();

  // Targeting in production (the tab the top bar's environment selects): a rule, then a 10/90 default.
  await expect(page.getByRole('tab', { name: /Production/, selected: true })).toBeVisible();
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await page.getByRole('combobox', { name: 'Rule 1, condition 1: operator' }).selectOption('in');
  const values = page.getByLabel('Rule 1, condition 1: values');
  await values.fill('beta-tester-1, beta-tester-2');
  await values.press('Enter');
  await page.getByRole('combobox', { name: 'Rule 1: variation served' }).selectOption({ label: '1: on' });
  await page.getByLabel('Rule 1 description').fill('Beta testers see it first');

  const fallthrough = page.getByRole('group', { name: 'Default rule: serve' });
  await fallthrough.getByLabel('Percentage rollout').check();
  const rollout = fallthrough.getByRole('group', { name: 'Default rule rollout' });
  await rollout.getByRole('textbox', { name: 'off', exact: true }).fill('10');
  await rollout.getByRole('textbox', { name: 'on', exact: true }).fill('90');
  await expect(rollout.getByText('Total 100% ✓')).toBeVisible();

  await page.getByRole('region', { name: 'Unsaved changes' }).getByLabel('Note for the audit log').fill('Beta first, then 90% of everyone');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeHidden();

  // Turn it on in production.
  await page.getByRole('switch', { name: `${key} in Production` }).click();
  await page.getByRole('dialog').getByLabel('Note for the audit log').fill('Launch');
  await page.getByRole('button', { name: 'Turn on in Production' }).click();
  await expect(page.getByRole('switch', { name: `${key} in Production` })).toHaveAttribute('aria-checked', 'true');

  const stored = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`);
  expect(stored.enabled).toBe(true);
  expect(stored.rules).toHaveLength(1);
  expect(stored.rules[0].clauses[0]).toMatchObject({ attribute: 'key', op: 'in', values: ['beta-tester-1', 'beta-tester-2'] });
  expect(stored.rules[0].serve).toEqual({ variation: 1 });
  expect(stored.fallthrough.rollout.variations).toEqual([
    { variation: 0, weight: 10_000 },
    { variation: 1, weight: 90_000 },
  ]);
  const flag = await apiOk(server, 'GET', `/api/v1/flags/${key}`);
  expect(flag.owner).toBe('team-payments');
  expect(flag.expiresAt.slice(0, 10)).toBe(expiry);

  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, 'flag-detail');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flags' }).click();
  await expect(page.getByRole('link', { name: 'New checkout' })).toBeVisible();
  await screenshot(page, 'flags-list');
});
