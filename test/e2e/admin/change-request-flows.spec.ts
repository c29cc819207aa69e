import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { adminToken, apiOk, createFlag, expect, expectLive, screenshot, secondSession, signIn, test, uniqueKey } from './support/fixtures';
import type { ServerProcess } from '../../support/server-process';

/**
 * Issue 22 in the browser, beyond targeting: segment and definition edits where review is required
 * become change requests with the change in sentences; a request is scheduled (and lands at its
 * time), edited (a new revision: approvals void) and cancelled from its page. Every new page and
 * dialog passes axe's WCAG 2.1 A/AA checks; screenshots go to .reports/screenshots/ and into the
 * Playwright report. Each test ends with its environment's policy off: a definition edit is refused
 * everywhere while any environment requires review, and the other specs share this server.
 */

// Long flows (a scheduled apply waits for the server's next pass) on a shared, slow machine.
test.describe.configure({ timeout: 180_000 });

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectAccessible(page: Page, what: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(WCAG);
  const results = await (include ? builder.include(include) : builder).analyze();
  expect(
    results.violations.map((v) => `${what}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}

/** A screenshot kept in .reports/screenshots/ and attached to the Playwright report. */
async function keepScreenshot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await test.info().attach(name, { body: await page.screenshot({ fullPage: true, animations: 'disabled' }), contentType: 'image/png' });
}

/** Calls the API with someone else's token. */
async function apiAs(server: ServerProcess, token: string, method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function reviewedEnvironment(server: ServerProcess, prefix: string): Promise<string> {
  const env = uniqueKey(prefix);
  await apiOk(server, 'POST', '/api/v1/environments', { key: env, name: `Reviewed ${env}` }, 201);
  return env;
}

const requireReview = (server: ServerProcess, env: string, on: boolean) => apiOk(server, 'PUT', `/api/v1/environments/${env}/review-policy`, { requireReview: on, minApprovals: 1 });

const requestIdIn = (page: Page) => /change-requests\/(cr_[\w-]+)/.exec(page.url())![1]!;

test('a segment edit asks for review with the change in words; approved, it is scheduled and lands at its time', async ({ page, server, browser }) => {
  const env = await reviewedEnvironment(server, 'seg-prod');
  const segment = uniqueKey('beta-ring');
  await apiOk(server, 'POST', `/api/v1/environments/${env}/segments`, { key: segment, name: 'Beta ring', included: ['user-1'] }, 201);
  await requireReview(server, env, true);
  try {
    const author = await adminToken(server, 'editor');
    const reviewer = await adminToken(server, 'editor');
    await signIn(page, server, author, `#/segments/${env}/${segment}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Beta ring');

    await page.getByRole('textbox', { name: 'Included context keys' }).fill('user-2');
    await page.getByRole('textbox', { name: 'Included context keys' }).press('Enter');
    await page.getByRole('button', { name: '+ Add rule' }).click();
    await page.getByRole('textbox', { name: 'Rule 1, condition 1: attribute' }).fill('plan');
    await page.getByRole('textbox', { name: 'Rule 1, condition 1: values' }).fill('beta');
    await page.getByRole('textbox', { name: 'Rule 1, condition 1: values' }).press('Enter');
    const bar = page.getByRole('region', { name: 'Unsaved changes' });
    await expect(bar.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await bar.getByRole('button', { name: 'Request review' }).click();

    const dialog = page.getByRole('dialog', { name: `Request review: segment ${segment} in Reviewed ${env}` });
    await expect(dialog.getByRole('row', { name: /Included/ })).toContainText('user-1user-2');
    await expect(dialog.getByRole('row', { name: /Rules/ })).toContainText('plan');
    await expect(dialog.getByRole('row', { name: /Rules/ })).toContainText('beta');
    await expect(dialog).not.toContainText('{');
    await expectAccessible(page, 'the segment review dialog', 'dialog');
    await keepScreenshot(page, 'segment-request-review');
    await dialog.getByLabel('What and why').fill('Beta plan joins the ring');
    await dialog.getByRole('button', { name: 'Request review' }).click();
    const link = page.getByRole('link', { name: /change request cr_/ });
    await expect(link).toBeVisible();
    expect((await apiOk(server, 'GET', `/api/v1/environments/${env}/segments/${segment}`)).included).toEqual(['user-1']);

    await link.click();
    await expect(page.getByTestId('request-state')).toHaveText('in-review');
    await expect(page.getByRole('region', { name: 'Changes' }).getByRole('row', { name: /Included/ })).toContainText('user-2');
    const id = requestIdIn(page);
    await expectLive(page);

    const second = await secondSession(browser, server, reviewer, `#/change-requests/${id}`);
    try {
      await second.page.getByRole('button', { name: 'Approve' }).click();
      await expect(second.page.getByTestId('request-state')).toHaveText('approved');
    } finally {
      await second.context.close();
    }

    // The author sees it approved live, and schedules it a few seconds ahead.
    await expect(page.getByTestId('request-state')).toHaveText('approved');
    await expectAccessible(page, 'an approved change request (schedule, edit, cancel)');
    await keepScreenshot(page, 'change-request-schedule');
    await page.getByLabel('Apply at').fill(localDateTime(new Date(Date.now() - 60_000)));
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect(page.getByText('Choose a time in the future (or apply it now).')).toBeVisible();
    await page.getByLabel('Apply at').fill(localDateTime(new Date(Date.now() + 4_000)));
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect(page.getByTestId('request-state')).toHaveText('scheduled');
    await expect(page.getByTestId('request-schedule')).toContainText('Scheduled to apply at');
    expect((await apiOk(server, 'GET', `/api/v1/environments/${env}/segments/${segment}`)).included).toEqual(['user-1']);

    // At its time the server applies it; the page follows.
    await expect(page.getByTestId('request-state')).toHaveText('applied', { timeout: 25_000 });
    const stored = await apiOk(server, 'GET', `/api/v1/environments/${env}/segments/${segment}`);
    expect(stored.included).toEqual(['user-1', 'user-2']);
    expect(stored.rules).toMatchObject([{ clauses: [{ attribute: 'plan', op: 'in', values: ['beta'] }] }]);

    // A new segment there is a request too.
    const fresh = uniqueKey('gamma-ring');
    await page.goto(`${server.baseUrl}/#/segments/new?env=${env}`);
    await expect(page.getByText(`Reviewed ${env} requires review: the new segment is created once someone else approves it.`)).toBeVisible();
    await page.getByRole('textbox', { name: 'Key', exact: true }).fill(fresh);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Gamma ring');
    await page.getByRole('button', { name: 'Request review' }).click();
    await page.getByRole('link', { name: /change request cr_/ }).click();
    await expect(page.getByRole('region', { name: 'Changes' }).getByRole('row', { name: /Name/ })).toContainText('Gamma ring');
    expect((await server.api('GET', `/api/v1/environments/${env}/segments/${fresh}`)).status).toBe(404);
  } finally {
    await requireReview(server, env, false);
  }
});

test('a definition edit where review is required asks for review in words (variation names and values); a second person approves and applies it', async ({ page, server, browser }) => {
  const env = await reviewedEnvironment(server, 'def-prod');
  const key = uniqueKey('copy-test');
  await createFlag(server, { key, name: 'Copy test', variationType: 'string', variations: [{ name: 'control', value: 'Buy' }, { name: 'treatment', value: 'Buy now' }], offVariation: 0 });
  await requireReview(server, env, true);
  try {
    const author = await adminToken(server, 'editor');
    const reviewer = await adminToken(server, 'editor');
    await signIn(page, server, author, `#/flags/${key}?tab=definition`);
    await page.getByRole('textbox', { name: 'Variation 1 name' }).fill('urgent');
    await page.getByRole('textbox', { name: 'Owner' }).fill('team-growth');
    const bar = page.getByRole('region', { name: 'Unsaved changes' });
    await expect(bar.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await bar.getByRole('button', { name: 'Request review' }).click();

    const dialog = page.getByRole('dialog', { name: `Request review: definition of ${key}` });
    await expect(dialog).toContainText(`Reviewed ${env} requires review, and a definition reaches every environment`);
    await expect(dialog.getByRole('row', { name: /Owner/ })).toContainText('team-e2e');
    await expect(dialog.getByRole('row', { name: /Owner/ })).toContainText('team-growth');
    await expect(dialog.getByRole('row', { name: /Variations/ })).toContainText('treatment = “Buy now”');
    await expect(dialog.getByRole('row', { name: /Variations/ })).toContainText('urgent = “Buy now”');
    await expectAccessible(page, 'the definition review dialog', 'dialog');
    await keepScreenshot(page, 'definition-request-review');
    await dialog.getByRole('button', { name: 'Request review' }).click();
    const link = page.getByRole('link', { name: /change request cr_/ });
    await expect(link).toBeVisible();
    expect((await apiOk(server, 'GET', `/api/v1/flags/${key}`)).owner).toBe('team-e2e');
    await link.click();
    const id = requestIdIn(page);
    await expect(page.getByRole('region', { name: 'Changes' })).toContainText('A change to the flag\'s definition');
    await expect(page.getByRole('region', { name: 'Changes' }).getByRole('row', { name: /Variations/ })).toContainText('urgent = “Buy now”');

    const second = await secondSession(browser, server, reviewer, `#/change-requests/${id}`);
    try {
      const p = second.page;
      await p.getByRole('button', { name: 'Approve' }).click();
      await expect(p.getByTestId('request-state')).toHaveText('approved');
      await p.getByRole('button', { name: 'Apply now' }).click();
      await expect(p.getByTestId('request-state')).toHaveText('applied');
    } finally {
      await second.context.close();
    }
    const flag = await apiOk(server, 'GET', `/api/v1/flags/${key}`);
    expect(flag.owner).toBe('team-growth');
    expect(flag.variations.map((v: { name: string }) => v.name)).toEqual(['control', 'urgent']);

    // Archiving reaches every environment too: it asks for review instead of archiving.
    await page.goto(`${server.baseUrl}/#/flags/${key}?tab=definition`);
    await page.getByRole('button', { name: 'Request archive' }).click();
    const archive = page.getByRole('dialog', { name: `Request review: archive ${key}` });
    await expect(archive).toContainText(`Reviewed ${env} requires review`);
    await expectAccessible(page, 'the archive review dialog', 'dialog');
    await archive.getByRole('button', { name: 'Request review' }).click();
    await expect(page.getByRole('link', { name: /change request cr_/ })).toBeVisible();
    expect((await apiOk(server, 'GET', `/api/v1/flags/${key}`)).archivedAt).toBeNull();
    const pending = (await apiOk(server, 'GET', `/api/v1/change-requests?environment=${env}&state=in-review`)).items;
    expect(pending.map((r: { changes: { op: string; key: string }[] }) => r.changes[0])).toMatchObject([{ op: 'flag.archive', key }]);
  } finally {
    await requireReview(server, env, false);
  }
});

test('the author edits a pending request (a new revision voids the approval), unschedules and cancels one, from its page', async ({ page, server }) => {
  const env = await reviewedEnvironment(server, 'edit-prod');
  const key = uniqueKey('search-ramp');
  await createFlag(server, { key, name: 'Search ramp' });
  await requireReview(server, env, true);
  try {
    const author = await adminToken(server, 'editor');
    const reviewer = await adminToken(server, 'editor');
    const config = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`);
    const rollout = (on: number) => ({ rollout: { variations: [{ variation: 0, weight: 100_000 - on }, { variation: 1, weight: on }] } });
    const created = await apiAs(server, author, 'POST', `/api/v1/environments/${env}/change-requests`, { title: 'Search to 10%', changes: [{ op: 'flag.config.update', key, baseVersion: config.version, fallthrough: rollout(10_000) }] }, 201);
    await apiAs(server, reviewer, 'POST', `/api/v1/change-requests/${created.id}/approve`, { contentHash: created.contentHash, comment: '10% is fine' });

    await signIn(page, server, author, `#/change-requests/${created.id}`);
    await expect(page.getByTestId('request-state')).toHaveText('approved');
    await page.getByRole('button', { name: 'Edit request' }).click();
    const form = page.getByRole('form', { name: 'Edit the request' });
    await expect(form).toContainText('every approval given so far no longer counts');
    await form.getByRole('textbox', { name: 'Title' }).fill('Search to 20%');
    const shown = form.getByRole('group', { name: 'Default rule rollout' });
    await expect(shown.getByRole('textbox', { name: 'on', exact: true })).toHaveValue('10');
    await shown.getByRole('textbox', { name: 'off', exact: true }).fill('80');
    await shown.getByRole('textbox', { name: 'on', exact: true }).fill('20');
    await expectAccessible(page, 'the edit form of a change request');
    await keepScreenshot(page, 'change-request-edit');
    await form.getByRole('button', { name: 'Save as revision 2' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Search to 20%' })).toBeVisible();
    await expect(page.getByTestId('request-state')).toHaveText('in-review');
    await expect(page.getByText('0 of 1 approval')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Reviews' })).toContainText('no longer counts');
    await expect(page.getByRole('region', { name: 'Changes' }).getByRole('row', { name: /Default rule/ })).toContainText('on 20%');
    const edited = await apiOk(server, 'GET', `/api/v1/change-requests/${created.id}`);
    expect(edited).toMatchObject({ revision: 2, title: 'Search to 20%', state: 'in-review' });
    expect(edited.changes[0].fallthrough).toEqual(rollout(20_000));
    expect(edited.contentHash).not.toBe(created.contentHash);

    // Approved again and scheduled far ahead: the author takes it off the schedule, then cancels it.
    await apiAs(server, reviewer, 'POST', `/api/v1/change-requests/${created.id}/approve`, { contentHash: edited.contentHash });
    await apiAs(server, author, 'POST', `/api/v1/change-requests/${created.id}/schedule`, { at: new Date(Date.now() + 86_400_000).toISOString() });
    await page.reload();
    await expect(page.getByTestId('request-state')).toHaveText('scheduled');
    await page.getByRole('button', { name: 'Unschedule' }).click();
    await expect(page.getByTestId('request-state')).toHaveText('approved');
    await page.getByRole('button', { name: 'Cancel request' }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel change request “Search to 20%”?' });
    await cancel.getByLabel('Note for the audit log').fill('Search team asked to wait');
    await expectAccessible(page, 'the cancel dialog', 'dialog');
    await keepScreenshot(page, 'change-request-cancel');
    await cancel.getByRole('button', { name: 'Cancel request' }).click();
    await expect(page.getByTestId('request-state')).toHaveText('cancelled');
    await expect(page.getByRole('button', { name: 'Edit request' })).toHaveCount(0);

    expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/${env}`)).fallthrough).toEqual(config.fallthrough);
    const audit = await apiOk(server, 'GET', `/api/v1/audit?action=change-request.cancel&limit=5`);
    expect(audit.items.find((e: { targetKey: string }) => e.targetKey === created.id)).toMatchObject({ reason: 'Search team asked to wait' });

    // The Reviews list shows what still waits by default; a cancelled request under "All".
    const waiting = await apiAs(server, author, 'POST', `/api/v1/environments/${env}/change-requests`, { title: 'Search waits for review', changes: [{ op: 'flag.config.update', key, baseVersion: config.version, fallthrough: rollout(5_000) }] }, 201);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Change requests' })).toBeVisible();
    await expect(page.getByRole('link', { name: waiting.title })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Search to 20%' })).toHaveCount(0);
    await page.getByLabel('Show').selectOption({ label: 'All' });
    await expect(page.getByRole('row', { name: /Search to 20%/ })).toContainText('cancelled');
    await expectAccessible(page, 'the change request list');
    await keepScreenshot(page, 'change-requests');
  } finally {
    await requireReview(server, env, false);
  }
});

/** `YYYY-MM-DDTHH:MM:SS` in the browser's (and this process's) local time, as a datetime-local input takes it. */
function localDateTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
