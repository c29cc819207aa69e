import AxeBuilder from '@axe-core/playwright';
import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('the audit log shows each change with its before/after diff', async ({ adminPage: page, server }) => {
  const key = uniqueKey('search-suggestions');
  const flag = await createFlag(server, { key, name: 'Search suggestions', owner: 'team-search', tags: ['search'] });
  const on = await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/toggle`, {
    enabled: true,
    baseVersion: flag.environments.production.version,
    reason: 'Rollout day',
  });
  await apiOk(server, 'PATCH', `/api/v1/flags/${key}/environments/production`, {
    baseVersion: on.version,
    rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NL', 'BE'] }], serve: { variation: 1 } }],
    reason: 'Benelux first',
  });
  await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/kill`, { reason: 'INC-412: suggestions time out' });

  await page.goto(`${server.baseUrl}/#/audit?flag=${key}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const entries = page.getByRole('list', { name: 'Audit log entries, newest first' }).getByRole('listitem').filter({ hasText: key });
  await expect(entries).toHaveCount(4);

  // Newest first: the kill, with its reason; its diff shows `killed` going from null to who/why.
  const kill = entries.nth(0);
  await expect(kill).toContainText('killed');
  await expect(kill).toContainText('INC-412: suggestions time out');
  await kill.getByText(/^Changed/).click();
  await expect(kill.getByRole('table', { name: /in words/ }).getByRole('row', { name: /Kill switch not killed killed: INC-412/ })).toBeVisible();
  await kill.getByText('Raw JSON changes').click();
  const killDiff = kill.getByRole('table', { name: /Changes in entry \d+$/ });
  await expect(
    killDiff
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /^killed/ }) })
      .filter({ hasText: 'INC-412: suggestions time out' }),
  ).toHaveCount(1);

  // The targeting change: the rule appears on the after side.
  const rules = entries.nth(1);
  await expect(rules).toContainText('changed targeting');
  await expect(rules).toContainText('Benelux first');
  await rules.getByText(/^Changed/).click();
  await expect(rules.getByRole('table', { name: /in words/ }).getByRole('row', { name: 'Rules none 1. if country is one of NL, BE, serve "on"' })).toBeVisible();
  await rules.getByText('Raw JSON changes').click();
  await expect(rules.getByRole('table', { name: /Changes in entry \d+$/ })).toContainText('"NL"');

  // The toggle: enabled false → true.
  const toggle = entries.nth(2);
  await expect(toggle).toContainText('turned on');
  await toggle.getByText(/^Changed/).click();
  await expect(toggle.getByRole('table', { name: /in words/ }).getByRole('row', { name: 'State off on' })).toBeVisible();
  await toggle.getByText('Raw JSON changes').click();
  const enabledRow = toggle.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^enabled/ }) });
  await expect(enabledRow.getByRole('cell').nth(0)).toHaveText('false');
  await expect(enabledRow.getByRole('cell').nth(1)).toHaveText('true');

  await expect(page.getByText(/Chain verified/)).toBeVisible();
  await screenshot(page, 'audit-log');

  // The flag's own history tab shows the same entries.
  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=history`);
  await expect(page.getByRole('list', { name: `History of ${key}, newest first` }).getByRole('listitem')).toHaveCount(4);
});

test('a rollout change reads in percentages and variation names, the raw weights one click away', async ({ adminPage: page, server }) => {
  const key = uniqueKey('audit-rollout');
  await createFlag(server, { key, name: 'Audit rollout', variationType: 'string', variations: [{ name: 'control', value: 'a' }, { name: 'treatment', value: 'b' }], offVariation: 0 });
  const cfg = `/api/v1/flags/${key}/environments/production`;
  const rollout = (treatment: number) => ({ rollout: { variations: [{ variation: 1, weight: treatment }, { variation: 0, weight: 100_000 - treatment }] } });
  const first = await apiOk(server, 'PATCH', cfg, { baseVersion: (await apiOk(server, 'GET', cfg)).version, fallthrough: rollout(90_000) });
  await apiOk(server, 'PATCH', cfg, { baseVersion: first.version, fallthrough: rollout(75_000), reason: 'slow down' });

  await page.goto(`${server.baseUrl}/#/audit?flag=${key}`);
  const entry = page.getByRole('list', { name: 'Audit log entries, newest first' }).getByRole('listitem').filter({ hasText: 'slow down' });
  await entry.getByText(/^Changed/).click();
  const words = entry.getByRole('table', { name: /in words/ });
  await expect(words.getByRole('row', { name: 'Default rule roll out "treatment" 90%, "control" 10% roll out "treatment" 75%, "control" 25%' })).toBeVisible();
  await expect(words).not.toContainText('90000');
  await expect(entry.getByRole('table', { name: /Changes in entry \d+$/ })).toBeHidden();
  await entry.getByText('Raw JSON changes').click();
  await expect(entry.getByRole('table', { name: /Changes in entry \d+$/ })).toContainText('90000');
  await expect(entry.getByRole('table', { name: /Changes in entry \d+$/ })).toContainText('75000');
  await screenshot(page, 'audit-log-in-words');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});
