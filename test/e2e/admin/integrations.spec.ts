import { startWebhookReceiver } from '../../../apps/server/test/support/webhook-receiver';
import { apiOk, createFlag, expect, signIn, test, uniqueKey } from './support/fixtures';

test('an admin creates a trigger whose URL (shown once) kills the flag, and a webhook whose deliveries are logged and replayed', async ({ adminPage: page, server }) => {
  const flag = await createFlag(server, { key: uniqueKey('int-checkout'), name: 'Integration checkout', owner: 'team-int' });
  page.on('dialog', (d) => void d.accept('drill'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();

  const triggers = page.getByRole('form', { name: 'New trigger' });
  await triggers.getByRole('textbox', { name: 'Name' }).fill('grafana: checkout 5xx');
  await triggers.getByRole('textbox', { name: 'Flag' }).fill(flag.key);
  await triggers.getByRole('combobox', { name: 'Environment' }).selectOption('production');
  await triggers.getByRole('button', { name: 'Create trigger' }).click();
  const shown = page.getByTestId('shown-once');
  await expect(shown).toContainText('Shown this once');
  const url = (await shown.locator('code').first().textContent())!;
  expect(url).toMatch(/\/hooks\/v1\/triggers\/tgu_/);
  await expect(page.getByRole('table', { name: 'Triggers' })).toContainText('grafana: checkout 5xx');
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByRole('table', { name: 'Triggers' })).not.toContainText(url.split('/').pop()!);

  const call = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"state":"alerting"}' });
  expect(call.status).toBe(200);
  expect((await apiOk(server, 'GET', `/api/v1/flags/${flag.key}/environments/production`)).killed).not.toBeNull();

  const receiver = await startWebhookReceiver();
  try {
    const hooks = page.getByRole('form', { name: 'New webhook' });
    await hooks.getByRole('textbox', { name: 'Name' }).fill('audit mirror');
    await hooks.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    await hooks.getByRole('textbox', { name: 'Only these flags' }).fill(flag.key);
    await hooks.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByTestId('shown-once')).toContainText('whs_');
    await apiOk(server, 'POST', `/api/v1/flags/${flag.key}/environments/production/restore`, { reason: 'over' });
    await receiver.waitFor((r) => r.length === 1);
    const hook = page.getByRole('article', { name: 'Webhook audit mirror' });
    await hook.getByRole('button', { name: 'Deliveries' }).click();
    const log = hook.getByRole('table', { name: 'Deliveries of audit mirror' });
    await expect(log.getByRole('row')).toHaveCount(2);
    await expect(log).toContainText(`#${receiver.received[0]!.seq}`);
    await expect(log).toContainText('HTTP 200');
    await log.getByRole('button', { name: 'Replay' }).click();
    await receiver.waitFor((r) => r.length === 2);
    expect(receiver.received[1]).toMatchObject({ seq: receiver.received[0]!.seq, attempt: 2 });
  } finally {
    await receiver.close();
  }
});

test('the Integrations page is for admins only', async ({ page, server }) => {
  const responder = await apiOk(server, 'POST', '/api/v1/keys', { kind: 'admin', role: 'responder', name: uniqueKey('int-responder') }, 201);
  await signIn(page, server, responder.secret, '#/integrations');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
