import { createFlag, expect, test, uniqueKey } from './support/fixtures';

test('unsaved targeting edits are guarded when navigating inside the app: links, then the browser’s back button', async ({ adminPage: page, server }) => {
  const key = uniqueKey('guarded');
  await createFlag(server, { key, name: 'Guarded flag' });
  await page.goto(`${server.baseUrl}/#/flags`);
  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeVisible();

  // Tabs of the same page never ask (the draft stays mounted).
  await page.getByRole('tab', { name: /Definition/ }).click();
  await page.getByRole('tab', { name: /Production/ }).click();
  await expect(page.getByText('Rule 1', { exact: true })).toBeVisible();

  // A link to another page asks; staying keeps the draft.
  const messages: string[] = [];
  page.once('dialog', async (d) => {
    messages.push(d.message());
    await d.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flags' }).click();
  await expect.poll(() => messages).toEqual([`${key} has unsaved changes. Leave this page and lose them?`]);
  await expect(page).toHaveURL(new RegExp(`#/flags/${key}`));
  await expect(page.getByText('Rule 1', { exact: true })).toBeVisible();

  // The back button asks too; staying keeps the page and the draft.
  page.once('dialog', (d) => d.dismiss());
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/flags/${key}`));
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeVisible();

  // Confirming leaves.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incident' }).click();
  await expect(page).toHaveURL(/#\/incident/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Nothing unsaved: no question.
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flags' }).click();
  await expect(page).toHaveURL(/#\/flags$/);
});
