import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
  await h.server.post('/api/v1/flags', { key: 'checkout', type: 'release', owner: 'team-a' });
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

describe('switchyard triggers', () => {
  it('creates a trigger, prints its URL once, and the URL kills the flag', async () => {
    const res = await h.run(['triggers', 'create', '--flag', 'checkout', '--env', 'production', '--action', 'kill', '--name', 'pagerduty checkout']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('shown this once');
    const url = /^ {4}(http\S+)$/m.exec(res.stdout)?.[1];
    expect(url).toMatch(/\/hooks\/v1\/triggers\/tgu_/);
    const call = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"trigger"}' });
    expect(call.status).toBe(200);
    expect((await h.server.get('/api/v1/flags/checkout/environments/production')).body.killed).not.toBeNull();
    const list = await h.run(['triggers', 'list']);
    expect(list.stdout).toMatch(/pagerduty checkout\s+kill\s+checkout\s+production\s+no/);
    expect(list.stdout).not.toContain(url!.split('/').pop());
  });

  it('creates a signed trigger (--json), rotates it and disables it; usage errors exit 2', async () => {
    const created = JSON.parse((await h.run(['triggers', 'create', '--flag', 'checkout', '--env', 'staging', '--action', 'restore', '--name', 'resolved', '--signed', '--json'])).stdout);
    expect(created.signingSecret).toMatch(/^tgs_/);
    const rotated = await h.run(['triggers', 'rotate', created.trigger.id, '--reason', 'leaked']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Signing secret (shown this once)');
    const disabled = await h.run(['triggers', 'disable', created.trigger.id, '--reason', 'retired']);
    expect(disabled.stdout).toContain(`Disabled ${created.trigger.id} ("resolved")`);
    expect((await h.run(['triggers', 'list'])).stdout).not.toContain(created.trigger.id);
    expect((await h.run(['triggers', 'list', '--all'])).stdout).toContain(created.trigger.id);
    const bad = await h.run(['triggers', 'create', '--flag', 'checkout', '--env', 'staging', '--action', 'explode', '--name', 'x']);
    expect(bad.code).toBe(2);
    const hold = JSON.parse((await h.run(['triggers', 'create', '--flag', 'checkout', '--env', 'staging', '--action', 'hold-plan', '--name', 'canary errors', '--json'])).stdout);
    expect(hold.trigger.action).toBe('hold-plan');
  });
});

describe('switchyard webhooks', () => {
  it('subscribes (secret printed once), lists, shows the delivery log, replays and disables', async () => {
    const res = await h.run(['webhooks', 'create', '--name', 'mirror', '--endpoint', 'http://127.0.0.1:9/hook', '--flags', 'checkout', '--actions', 'flag.kill,flag.restore']);
    expect(res.code, res.stderr).toBe(0);
    expect(/^ {4}(whs_\S+)$/m.exec(res.stdout)?.[1]).toBeDefined();
    const id = /\((whk_[^)]+)\)/.exec(res.stdout)![1]!;
    expect((await h.run(['webhooks', 'list'])).stdout).toMatch(/mirror\s+json\s+http:\/\/127\.0\.0\.1:9\/hook\s+flags=checkout actions=flag\.kill,flag\.restore/);
    await h.server.post('/api/v1/flags/checkout/environments/production/restore', { reason: 'over' });
    const log = await h.run(['webhooks', 'deliveries', id]);
    expect(log.stdout).toMatch(/^\d+\s+pending\s+0\s+-\s+-$/m);
    const seq = /^(\d+)\s+pending/m.exec(log.stdout)![1]!;
    expect((await h.run(['webhooks', 'replay', id, '--from', seq, '--reason', 'again'])).stdout).toContain('1 delivery queued again.');
    expect((await h.run(['webhooks', 'replay', id, '--reason', 'again'])).code).toBe(2);
    expect((await h.run(['webhooks', 'disable', id, '--reason', 'done'])).stdout).toContain(`Disabled ${id} ("mirror")`);
    expect((await h.run(['webhooks', 'list'])).stdout).toBe('No webhooks.\n');
  });
});
