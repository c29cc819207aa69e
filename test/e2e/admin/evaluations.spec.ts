import AxeBuilder from '@axe-core/playwright';
import { createClient } from '../../../packages/sdk-node/src/index';
import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

test('the Usage tab shows the evaluation counts SDKs reported, per variation with shares, when last evaluated, and the stale reasons', async ({ adminPage: page, server }) => {
  // Creation refuses a past expiry: one a moment ahead makes the flag "expired" shortly.
  const key = uniqueKey('usage-checkout');
  await createFlag(server, { key, name: 'Usage checkout', expiresAt: new Date(Date.now() + 2_000).toISOString() });
  const cfg = `/api/v1/flags/${key}/environments/production`;
  const { version } = await apiOk(server, 'GET', cfg);
  await apiOk(server, 'PATCH', cfg, { baseVersion: version, enabled: true, targets: [{ variation: 0, values: ['blocked'] }] });

  const { secret } = await apiOk(server, 'POST', '/api/v1/keys', { kind: 'server', environment: 'production', name: uniqueKey('usage-sdk') }, 201);
  const client = createClient({ sdkKey: secret, baseUrl: server.baseUrl, summaries: { flushIntervalMs: 60_000 } });
  try {
    expect(await client.waitForReady(15_000)).toBe(true);
    for (let i = 0; i < 30; i++) client.boolVariation(key, { key: `user-${i}` }, false);
    for (let i = 0; i < 10; i++) client.boolVariation(key, { key: 'blocked' }, true);
    expect(client.flushSummaries()).toBe(true);
    await expect.poll(async () => ((await apiOk(server, 'GET', `/api/v1/flags/${key}/evaluations`)).items as { count: number }[]).reduce((a, b) => a + b.count, 0), { timeout: 15_000 }).toBe(40);
  } finally {
    await client.close();
  }
  await expect.poll(async () => ((await apiOk(server, 'GET', '/api/v1/reports/stale')).items as { key: string }[]).some((i) => i.key === key), { timeout: 15_000 }).toBe(true);

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  await page.getByRole('tab', { name: 'Usage' }).click();
  const table = page.getByRole('table', { name: 'Evaluations in Production' });
  await expect(table).toContainText('Production: 40 evaluations');
  await expect(table.getByRole('row', { name: /^on 30 75%/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^off 10 25%/ })).toBeVisible();
  await expect(page.getByTestId('last-evaluated')).toContainText('Last evaluated');
  await expect(page.getByTestId('stale-verdict')).toContainText('A cleanup candidate');
  await expect(page.getByTestId('stale-verdict')).toContainText('expired');
  await expect(page.getByText('Past its expected removal date.')).toBeVisible();
  // Over time: today's row of the per-day table holds the same counts, per variation.
  const today = new Date().toISOString().slice(0, 10);
  const perDay = page.getByRole('table', { name: 'Evaluations per day in Production' });
  await expect(perDay.getByRole('row')).toHaveCount(15); // the header and 14 days
  await expect(perDay.getByRole('row', { name: new RegExp(`^${today} 10 30$`) })).toBeVisible();

  await screenshot(page, 'flag-usage');
  await test.info().attach('admin-flag-usage', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});

test('a flag no SDK evaluated says so on its Usage tab', async ({ adminPage: page, server }) => {
  const key = uniqueKey('usage-unused');
  await createFlag(server, { key, name: 'Usage unused' });
  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=usage`);
  await expect(page.getByText('No SDK has reported evaluating this flag.')).toBeVisible();
  await expect(page.getByText('No evaluations reported in the last 14 days.')).toBeVisible();
  await expect(page.getByTestId('stale-verdict')).toContainText('Not a cleanup candidate');
});
