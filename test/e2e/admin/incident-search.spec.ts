import AxeBuilder from '@axe-core/playwright';
import { createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('the incident page finds any flag, release flags included, with its Kill button; a restored flag stays, marked recently restored', async ({ adminPage: page, server }) => {
  const key = uniqueKey('release-at-fault');
  await createFlag(server, { key, name: 'Release at fault', type: 'release', owner: 'team-night' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incident' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incident' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Find a flag' }).fill(key);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Release at fault' }) });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Kill ${key} in Production` }).click();
  const kill = page.getByRole('dialog', { name: `Kill ${key} in Production?` });
  await kill.getByRole('textbox', { name: 'Reason' }).fill('INC-3: errors at 3 a.m.');
  await kill.getByRole('button', { name: 'Kill in Production' }).click();
  await expect(row).toContainText('INC-3: errors at 3 a.m.');

  // Without the search it stays (it is killed); restored, it stays too, marked.
  await page.getByRole('searchbox', { name: 'Find a flag' }).fill('');
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: `Restore ${key} in Production` }).click();
  const restore = page.getByRole('dialog', { name: new RegExp(`Restore ${key} in Production`) });
  await restore.getByRole('textbox', { name: 'Reason' }).fill('fixed');
  await restore.getByRole('button', { name: /Restore in Production/ }).click();
  await expect(row.getByRole('button', { name: `Kill ${key} in Production` })).toBeVisible();
  await expect(row).toContainText('recently restored');
  await screenshot(page, 'incident-search');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});
