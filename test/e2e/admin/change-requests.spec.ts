import { adminToken, apiOk, createFlag, expect, expectLive, screenshot, secondSession, signIn, test, uniqueKey } from './support/fixtures';

/**
 * Issue 22 in the browser: where review is required, "Save" becomes "Request review" with the change
 * in sentences (percentages, not weights); a second person approves it, it lands, and the flag's
 * page shows it. Its own environment, so the other specs' direct writes to production go on.
 */
test('an editor requests review of a rollout change; a second person approves and applies it; the flag page shows it', async ({ page, server, browser }) => {
  const env = uniqueKey('eu-prod');
  await apiOk(server, 'POST', '/api/v1/environments', { key: env, name: `EU ${env}` }, 201);
  await apiOk(server, 'PUT', `/api/v1/environments/${env}/review-policy`, { requireReview: true, minApprovals: 1 });
  const key = uniqueKey('checkout-ramp');
  await createFlag(server, { key, name: 'Checkout ramp' });
  const initial = (await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`)).fallthrough;
  const author = await adminToken(server, 'editor');
  const reviewer = await adminToken(server, 'editor');

  await signIn(page, server, author, `#/flags/${key}?env=${env}`);
  await page.getByRole('tab', { name: new RegExp(`EU ${env}`) }).click();
  const fallthrough = page.getByRole('group', { name: 'Default rule: serve' });
  await fallthrough.getByLabel('Percentage rollout').check();
  const rollout = fallthrough.getByRole('group', { name: 'Default rule rollout' });
  await rollout.getByRole('textbox', { name: 'off', exact: true }).fill('75');
  await rollout.getByRole('textbox', { name: 'on', exact: true }).fill('25');

  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  await bar.getByRole('button', { name: 'Request review' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('row', { name: /Default rule/ })).toContainText('off 75%');
  await expect(dialog.getByRole('row', { name: /Default rule/ })).toContainText('on 25%');
  await expect(dialog).not.toContainText('25000');
  await dialog.getByLabel('What and why').fill('Ramp checkout to a quarter');
  await dialog.getByRole('button', { name: 'Request review' }).click();
  const link = page.getByRole('link', { name: /change request cr_/ });
  await expect(link).toBeVisible();
  // Nothing changed yet.
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`)).fallthrough).toEqual(initial);

  await link.click();
  await expect(page.getByTestId('request-state')).toHaveText('in-review');
  await expect(page.getByText('You wrote this request: someone else reviews it.')).toBeVisible();
  const id = /change-requests\/(cr_[\w-]+)/.exec(page.url())![1]!;
  await expectLive(page);

  const second = await secondSession(browser, server, reviewer, `#/change-requests/${id}`);
  try {
    const p = second.page;
    await expect(p.getByRole('heading', { level: 1, name: 'Ramp checkout to a quarter' })).toBeVisible();
    await expect(p.getByRole('region', { name: 'Changes' })).toContainText('on 25%');
    await expect(p.getByRole('region', { name: 'Changes' })).not.toContainText('25000');
    await p.getByLabel('Comment').fill('A quarter is fine');
    await p.getByRole('button', { name: 'Approve' }).click();
    await expect(p.getByTestId('request-state')).toHaveText('approved');
    await screenshot(p, 'change-request');
    await p.getByRole('button', { name: 'Apply now' }).click();
    await expect(p.getByTestId('request-state')).toHaveText('applied');
  } finally {
    await second.context.close();
  }

  // The author saw it happen, without reloading.
  await expect(page.getByTestId('request-state')).toHaveText('applied');
  await expect(page.getByText('1 of 1 approval')).toBeVisible();

  const stored = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`);
  expect(stored.fallthrough.rollout.variations).toEqual([
    { variation: 0, weight: 75_000 },
    { variation: 1, weight: 25_000 },
  ]);
  await page.goto(`${server.baseUrl}/#/flags/${key}?env=${env}`);
  await page.getByRole('tab', { name: new RegExp(`EU ${env}`) }).click();
  const shown = page.getByRole('group', { name: 'Default rule rollout' });
  await expect(shown.getByRole('textbox', { name: 'on', exact: true })).toHaveValue('25');
  await expect(shown.getByRole('textbox', { name: 'off', exact: true })).toHaveValue('75');

  // Turning it on there is a change like any other: a request, not a switch.
  await page.getByRole('switch', { name: new RegExp(`${key} in EU`) }).click();
  const toggle = page.getByRole('dialog');
  await expect(toggle).toContainText('off → on');
  await toggle.getByRole('button', { name: 'Request review' }).click();
  await expect(page.getByRole('link', { name: /change request cr_/ }).first()).toBeVisible();
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`)).enabled).toBe(false);
  const open = (await apiOk(server, 'GET', `/api/v1/change-requests?environment=${env}&state=in-review`)).items;
  expect(open.map((r: { changes: { op: string }[] }) => r.changes[0]!.op)).toEqual(['flag.enable']);
});
