import { apiOk, createFlag, expect, screenshot, test, uniqueKey } from './support/fixtures';

/** Latency bucket bounds of the measurement protocol (core's LATENCY_BUCKETS_MS), plus one overflow bucket. */
const BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];
const histogram = (ms: number, count: number) => {
  const h = new Array<number>(BUCKETS_MS.length + 1).fill(0);
  const i = BUCKETS_MS.findIndex((b) => ms <= b);
  h[i === -1 ? BUCKETS_MS.length : i] = count;
  return h;
};

test('a refused migration move (off → shadow) is shown with its reasons; an allowed one moves the stage', async ({ adminPage: page, server }) => {
  const key = uniqueKey('orders-db');
  await createFlag(server, { key, name: 'Orders DB migration', type: 'migration', owner: 'data-platform' });

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  const panel = page.getByTestId('migration-production');
  await expect(panel.getByRole('list', { name: 'Migration stages in Production' }).locator('[aria-current="step"]')).toContainText('Off');
  // No toggle or targeting editor for a migration flag; a kill (its safe stage) is there for responders.
  await expect(page.getByRole('switch')).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Kill ${key} in Production` })).toBeVisible();
  await expect(page.getByRole('button', { name: '+ Add rule' })).toHaveCount(0);
  // Stores: the new one is stale until a backfill is attested.
  await expect(panel.getByRole('region', { name: 'New store' })).toContainText('stale');
  await expect(panel.getByRole('region', { name: 'New store' })).toContainText('awaiting backfill');
  await expect(panel.getByRole('region', { name: 'Old store' })).toContainText('fresh');

  // What the view already says about shadow: refused, and why.
  const shadow = panel.getByTestId('move-shadow');
  await expect(shadow).toContainText('refused');
  await expect(shadow.getByRole('list', { name: 'Why shadow is refused' })).toContainText('forward moves go one stage at a time');

  // Try it anyway: the server refuses (409 MIGRATION_REFUSED) and the dialog shows every reason.
  await shadow.getByRole('button', { name: 'Try moving to shadow' }).click();
  const dialog = page.getByRole('dialog', { name: `Move ${key} to shadow in Production?` });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Skip ahead to shadow');
  await expect(dialog.getByRole('checkbox', { name: 'Force this move (admin override)' })).toBeVisible(); // admins only
  await dialog.getByRole('button', { name: 'Request move' }).click();
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText('The server refused this move.');
  await expect(refusal.getByRole('list', { name: 'Why the move was refused' })).toContainText('off → shadow skips stages');
  await expect(refusal.getByRole('list', { name: 'Why the move was refused' })).toContainText('Stale comparison store');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByTestId('refused-attempt')).toContainText('The move to shadow was refused');
  const audit = await apiOk(server, 'GET', `/api/v1/flags/${key}/audit?limit=1`);
  expect(audit.items[0]).toMatchObject({ action: 'migration.refused', envKey: 'production', reason: 'Skip ahead to shadow' });

  // The allowed move: off → dual write, with a reason.
  await panel.getByTestId('move-dualwrite').getByRole('button', { name: 'Move to dual write' }).click();
  const move = page.getByRole('dialog', { name: `Move ${key} to dual write in Production?` });
  await move.getByRole('textbox', { name: 'Reason' }).fill('Start writing the new store');
  await move.getByRole('button', { name: 'Move to dual write' }).click();
  await expect(panel.getByRole('list', { name: 'Migration stages in Production' }).locator('[aria-current="step"]')).toContainText('Dual write');
  await expect(page.getByRole('tab', { name: /Production/ })).toContainText('Dual write');
  expect((await apiOk(server, 'GET', `/api/v1/flags/${key}/environments/production/migration`)).stage).toBe('dualwrite');
});

test('the migration view shows gate figures against thresholds and why promotion is refused', async ({ adminPage: page, server }) => {
  const key = uniqueKey('accounts-store');
  await createFlag(server, { key, name: 'Accounts store migration', type: 'migration', owner: 'team-identity', migration: { backfillRequired: false } });
  const path = `/api/v1/flags/${key}/environments/production/migration`;
  await apiOk(server, 'POST', `${path}/transition`, { to: 'dualwrite', reason: 'Dual writes on' });
  await apiOk(server, 'POST', `${path}/transition`, { to: 'shadow', reason: 'Compare reads' });
  // What an SDK migration helper would report from shadow.
  const { secret } = await server.sdkKey('server', 'production');
  const res = await fetch(`${server.baseUrl}/sdk/v1/migration-measurements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      measurements: [
        {
          flag: key,
          stage: 'shadow',
          startedAt: Date.now() - 60_000,
          endedAt: Date.now(),
          old: { invocations: 1480, errors: 0, latency: histogram(4, 1480) },
          new: { invocations: 1480, errors: 1, latency: histogram(9, 1480) },
          compared: 1480,
          consistent: 1478,
        },
      ],
    }),
  });
  expect(res.status).toBe(200);

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  const panel = page.getByTestId('migration-production');
  await expect(panel.getByRole('list', { name: 'Migration stages in Production' }).locator('[aria-current="step"]')).toContainText('Shadow');
  const gates = panel.getByRole('table', { name: 'Gate figures against thresholds' });
  await expect(gates.getByRole('row', { name: /Compared reads/ })).toContainText('1,480');
  await expect(gates.getByRole('row', { name: /Compared reads/ })).toContainText('passes');
  await expect(gates.getByRole('row', { name: /Consistency/ })).toContainText('99.865%');
  await expect(gates.getByRole('row', { name: /Consistency/ })).toContainText('not met');
  await expect(panel.getByRole('table', { name: 'Latency per store' })).toContainText('10 ms');

  const live = panel.getByTestId('move-live');
  await expect(live).toContainText('refused');
  await expect(live.getByRole('list', { name: 'Why live is refused' })).toContainText('needs ≥ 99.9%');
  await expect(panel.getByTestId('move-dualwrite')).toContainText('allowed');
  await panel.getByRole('list', { name: 'Migration stages in Production' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'migration');
});

test('after the move to live, the gates it passed are not shown red “not met” on the new stage’s fresh figures', async ({ adminPage: page, server }) => {
  const key = uniqueKey('moved-live');
  await createFlag(server, { key, name: 'Moved to live', type: 'migration', owner: 'team-identity', migration: { backfillRequired: false } });
  const path = `/api/v1/flags/${key}/environments/production/migration`;
  await apiOk(server, 'POST', `${path}/transition`, { to: 'dualwrite', reason: 'Dual writes on' });
  await apiOk(server, 'POST', `${path}/transition`, { to: 'shadow', reason: 'Compare reads' });
  await apiOk(server, 'POST', `${path}/transition`, { to: 'live', reason: 'Gates checked elsewhere', force: true });

  await page.goto(`${server.baseUrl}/#/flags/${key}?tab=production`);
  const panel = page.getByTestId('migration-production');
  await expect(panel.getByRole('list', { name: 'Migration stages in Production' }).locator('[aria-current="step"]')).toContainText('Live');
  const gates = panel.getByRole('table', { name: 'Gate figures against thresholds' });
  for (const gate of [/Compared reads/, /Consistency/, /New-store error rate/]) {
    await expect(gates.getByRole('row', { name: gate })).toContainText('checked at shadow → live; the move is done');
    await expect(gates.getByRole('row', { name: gate })).not.toContainText('not met');
  }
});
