import AxeBuilder from '@axe-core/playwright';
import { apiOk, createFlag, expect, test, uniqueKey } from './support/fixtures';

test('the new pages pass axe’s WCAG 2.1 A/AA checks, colour contrast included, and work from the keyboard', async ({ adminPage: page, server }) => {
  await createFlag(server, { key: uniqueKey('a11y-release'), name: 'A11y release', owner: 'team-a11y' });
  const migration = await createFlag(server, { key: uniqueKey('a11y-migration'), name: 'A11y migration', type: 'migration', owner: 'team-a11y' });
  const segment = uniqueKey('a11y-ring');
  await apiOk(server, 'POST', '/api/v1/environments/production/segments', { key: segment, included: ['u1'], rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['beta'] }] }] }, 201);

  // One axe run costs ~2 s on this machine's shared cores: the pages this slice added, and the flag
  // list for the state colours (tokens.css) every page uses.
  const pages: [string, string][] = [
    ['flags list', '#/flags'],
    ['migration view', `#/flags/${migration.key}?tab=production`],
    ['cleanup report', '#/reports/stale'],
    ['segment editor', `#/segments/production/${segment}`],
  ];
  for (const [name, hash] of pages) {
    await page.goto(`${server.baseUrl}/${hash}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`),
      `axe violations on the ${name} page`,
    ).toEqual([]);
  }

  // Keyboard: from the migration view's moves, Tab reaches the move button and Enter opens its dialog.
  await page.goto(`${server.baseUrl}/#/flags/${migration.key}?tab=production`);
  const move = page.getByRole('button', { name: 'Move to dual write' });
  await move.focus();
  await expect(move).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Move ${migration.key} to dual write in Production?` });
  await expect(dialog.getByRole('textbox', { name: 'Reason' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
