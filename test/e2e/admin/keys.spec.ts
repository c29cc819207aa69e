import AxeBuilder from '@axe-core/playwright';
import { adminToken, expect, screenshot, signIn, test, uniqueKey } from './support/fixtures';

test('an admin creates a server key (secret shown once, copied with one click) that the SDK endpoint accepts, lists it and revokes it', async ({ adminPage: page, server, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  const name = uniqueKey('checkout-service');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible();

  const form = page.getByRole('form', { name: 'New key' });
  await form.getByRole('combobox', { name: 'Kind' }).selectOption('server');
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  await form.getByRole('combobox', { name: 'Environment' }).selectOption('production');
  await form.getByRole('button', { name: 'Create key' }).click();

  const shown = page.getByTestId('shown-once');
  await expect(shown).toContainText('shown this once');
  const secret = (await shown.getByTestId('key-secret').textContent())!.trim();
  expect(secret.length).toBeGreaterThan(20);
  await shown.getByRole('button', { name: 'Copy secret' }).click();
  await expect(shown.getByText('Copied', { exact: true })).toBeVisible();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);

  // The secret works: the SDK rule-set endpoint accepts it.
  const sdk = await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${secret}` } });
  expect(sdk.status).toBe(200);

  const table = page.getByRole('table', { name: 'Keys' });
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Server SDK');
  await expect(row).toContainText('Production');
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).toContainText('Active');
  await screenshot(page, 'keys');
  await test.info().attach('admin-keys', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);

  // Dismissed, the secret is gone from the page for good: the list never shows it.
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('shown-once')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  // Revoke asks for a reason (required), then the key stops working.
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke key "${name}"?` });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog.getByText('Reason is required')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('service retired');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Show revoked keys' }).check();
  await expect(table.getByRole('row').filter({ hasText: name })).toContainText('Revoked');
  await expect.poll(async () => (await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
});

test('a refused key names the field: a second live key with the same name', async ({ adminPage: page }) => {
  const name = uniqueKey('dup-key');
  await page.goto(page.url().replace(/#.*/, '#/keys'));
  const form = page.getByRole('form', { name: 'New key' });
  for (let i = 0; i < 2; i++) {
    await form.getByRole('combobox', { name: 'Kind' }).selectOption('admin');
    await form.getByRole('textbox', { name: 'Name' }).fill(name);
    await form.getByRole('combobox', { name: 'Role' }).selectOption('editor');
    await form.getByRole('button', { name: 'Create key' }).click();
    if (i === 0) await expect(page.getByTestId('shown-once')).toContainText(name);
  }
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/is taken by live key key_/)).toBeVisible();
});

test('the Keys page is for admins only', async ({ page, server }) => {
  await signIn(page, server, await adminToken(server, 'editor'), '#/keys');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Keys' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
