import AxeBuilder from '@axe-core/playwright';
import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('the Explain panel shows why a context gets its value: the deciding rule, each clause with the value it saw, segments and the bucket', async ({ adminPage: page, server }) => {
  const key = uniqueKey('explain');
  const segment = uniqueKey('explain-ring');
  await apiOk(server, 'POST', '/api/v1/environments/production/segments', { key: segment, included: ['ann'] }, 201);
  await createFlag(server, { key, name: 'Explained checkout' });
  const cfg = `/api/v1/flags/${key}/environments/production`;
  const { version } = await apiOk(server, 'GET', cfg);
  await apiOk(server, 'PATCH', cfg, {
    baseVersion: version,
    enabled: true,
    rules: [
      { id: 'nordics', clauses: [{ attribute: 'country', op: 'in', values: ['NO', 'SE'] }, { attribute: 'age', op: 'gte', values: [18] }], serve: { variation: 1 } },
      { id: 'ring', clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segment] }], serve: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } },
    ],
    fallthrough: { variation: 0 },
  });

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  const panel = page.getByRole('region', { name: 'Explain an evaluation in Production' });
  await expect(panel).toBeVisible();
  const context = panel.getByRole('textbox', { name: 'Context (JSON)' });
  await context.fill('{"key": "carl", "country": "NO", "age": 16}');
  await panel.getByRole('button', { name: 'Explain' }).click();
  await expect(panel.getByTestId('explain-decision')).toHaveText('Because no individual target or rule matched: the fallthrough serves "off".');
  const nordics = panel.getByRole('table', { name: 'Clauses of Rule 1 (nordics)' });
  await expect(nordics.getByRole('row', { name: /country in \["NO","SE"\] "NO" ✓ matched/ })).toBeVisible();
  await expect(nordics.getByRole('row', { name: /age gte \[18\] 16 ✗ no match/ })).toBeVisible();
  await expect(panel.getByText('Rule 1 (nordics): ✗ no match (clause 2 failed)')).toBeVisible();

  await context.fill('{"key": "ann"}');
  await panel.getByRole('button', { name: 'Explain' }).click();
  await expect(panel.getByTestId('explain-decision')).toContainText('Because rule 1 (ring) matched: rolls out by "key": bucket');
  await expect(panel.getByRole('table', { name: 'Clauses of Rule 2 (ring)' })).toContainText(`${segment}: member (key included)`);
  await expect(panel.getByText(/a rollout by key: “ann” is in bucket \d+/)).toBeVisible();
  await screenshot(page, 'explain');

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);

  // Bad input: not JSON is caught in the page; a context the server refuses names the field.
  await context.fill('{nope');
  await panel.getByRole('button', { name: 'Explain' }).click();
  await expect(panel.getByText(/^Not JSON/)).toBeVisible();
  await expect(context).toHaveAttribute('aria-invalid', 'true');
  await context.fill('{"key": 5}');
  await panel.getByRole('button', { name: 'Explain' }).click();
  await expect(panel.getByRole('alert')).toContainText('body.context.key');
});
