import AxeBuilder from '@axe-core/playwright';
import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('an admin adds, changes and removes a prerequisite on the flag page; a cycle is refused naming the field', async ({ adminPage: page, server }) => {
  const parent = await createFlag(server, { key: uniqueKey('prereq-parent'), name: 'Prereq parent' });
  const other = await createFlag(server, { key: uniqueKey('prereq-other'), name: 'Prereq other' });
  const child = await createFlag(server, { key: uniqueKey('prereq-child'), name: 'Prereq child' });
  const childCfg = `/api/v1/flags/${child.key}/environments/production`;

  await page.goto(`${server.baseUrl}/#/flags/${child.key}?tab=production`);
  const section = page.getByRole('region', { name: 'Prerequisites' }).filter({ visible: true });
  await expect(section.getByText('No prerequisites.')).toBeVisible();
  await expect(page.getByText('edited through the API')).toHaveCount(0);

  await section.getByRole('button', { name: 'Add prerequisite' }).click();
  const row = section.getByRole('listitem', { name: 'Prerequisite 1' });
  await row.getByRole('combobox', { name: 'Flag' }).selectOption(parent.key);
  await row.getByRole('combobox', { name: 'Serves' }).selectOption({ label: 'on' });
  await section.getByRole('button', { name: 'Save prerequisites' }).click();
  await expect(section.getByRole('button', { name: 'Save prerequisites' })).toHaveCount(0);
  expect((await apiOk(server, 'GET', childCfg)).prerequisites).toEqual([{ flag: parent.key, variation: 1 }]);
  await screenshot(page, 'prerequisites');
  await test.info().attach('admin-prerequisites', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);

  // The other flag already requires the child: requiring it back would be a cycle, refused with the field named.
  const otherCfg = `/api/v1/flags/${other.key}/environments/production`;
  await apiOk(server, 'PATCH', otherCfg, { baseVersion: (await apiOk(server, 'GET', otherCfg)).version, prerequisites: [{ flag: child.key, variation: 1 }] });
  await section.getByRole('button', { name: 'Add prerequisite' }).click();
  await section.getByRole('listitem', { name: 'Prerequisite 2' }).getByRole('combobox', { name: 'Flag' }).selectOption(other.key);
  await section.getByRole('button', { name: 'Save prerequisites' }).click();
  await expect(section.getByRole('alert')).toContainText('form a cycle');
  await expect(section.getByRole('alert')).toContainText('body.prerequisites');
  expect((await apiOk(server, 'GET', childCfg)).prerequisites).toHaveLength(1);

  // Remove both: saved as none.
  await section.getByRole('button', { name: 'Remove prerequisite 2' }).click();
  await section.getByRole('button', { name: 'Remove prerequisite 1' }).click();
  await section.getByRole('button', { name: 'Save prerequisites' }).click();
  await expect(section.getByText('No prerequisites.')).toBeVisible();
  await expect.poll(async () => (await apiOk(server, 'GET', childCfg)).prerequisites).toEqual([]);
});
