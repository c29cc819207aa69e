import { adminToken, apiOk, createFlag, expect, secondSession, signIn, test, uniqueKey } from './support/fixtures';

test('a product person starts a release plan from the template and watches it land and soak; a responder aborts it, killing the flag', async ({ page, server, browser }) => {
  const key = uniqueKey('new-checkout');
  const flag = await createFlag(server, { key, name: 'New checkout', owner: 'team-checkout' });
  await apiOk(server, 'POST', `/api/v1/flags/${key}/environments/production/toggle`, { enabled: true, baseVersion: flag.environments.production.version });

  await signIn(page, server, await adminToken(server, 'editor'), `#/flags/${key}`);
  const panel = page.getByTestId('release-production');
  await expect(panel).toContainText('No release plan in this environment.');
  await panel.getByRole('button', { name: 'Start a release plan from the template' }).click();
  await expect(panel.getByTestId('release-status')).toHaveText('running');
  const stages = panel.getByRole('list', { name: 'Stages' }).getByRole('listitem');
  await expect(stages).toHaveCount(4); // 1 %, 5 %, 25 %, 100 % (no staff or region segment given)
  await expect(stages.first()).toHaveAttribute('aria-current', 'step');
  await expect(stages.first()).toContainText('Initial canary — 1 %, dwell 30 min');
  // The scheduler sees the stage land (no SDK connected: 0 of 0) and starts the dwell clock.
  await expect(panel.getByTestId('release-phase')).toHaveText('soaking', { timeout: 20_000 });
  await expect(panel).toContainText('of dwell left');
  await expect(panel.getByRole('table', { name: 'Gates' })).toContainText('inconclusive');

  // A responder aborts it: the plan ends and the flag is killed.
  const responder = await secondSession(browser, server, await adminToken(server, 'responder'), `#/flags/${key}`);
  const responderPanel = responder.page.getByTestId('release-production');
  await expect(responderPanel.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await responderPanel.getByRole('button', { name: 'Abort release (kills the flag)' }).click();
  await expect(responderPanel.getByTestId('release-status')).toHaveText('aborted');
  const config = await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production`);
  expect(config.killed).toMatchObject({ reason: expect.stringContaining('aborted from the admin UI') });
  // The product person's page follows: the plan is over.
  await expect(panel.getByTestId('release-status')).toHaveText('aborted');
  await responder.context.close();
});
