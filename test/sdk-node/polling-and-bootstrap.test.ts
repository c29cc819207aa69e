import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../packages/core/src/index';
import { comparableResult } from '../support/fixtures';
import { ServerProcess } from '../support/server-process';
import { createFlag, normalized, ok, quietLogger, serverRuleSet, toggle, updateConfig } from './support/admin';
import { sampleContexts } from './support/random-changes';
import { createClient, SwitchyardConfigurationError, type ClientErrorEvent, type SwitchyardClient } from './support/sdk';
import { nextEvent, untilStatus } from './support/wait';

const server = new ServerProcess();
const dir = mkdtempSync(join(tmpdir(), 'switchyard-bootstrap-'));
const clients: SwitchyardClient[] = [];
const track = (client: SwitchyardClient) => (clients.push(client), client);
let sdkKey: string;

beforeAll(async () => {
  await server.start();
  await createFlag(server, 'checkout');
  await createFlag(server, 'theme', { variationType: 'string', variations: [{ name: 'light', value: 'light' }, { name: 'dark', value: 'dark' }] });
  await ok(server, 'POST', '/api/v1/environments/production/segments', { key: 'beta', included: ['user-2'] });
  await toggle(server, 'checkout', true);
  await updateConfig(server, 'theme', {
    enabled: true,
    rules: [{ id: 'beta', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }], serve: { variation: 1 } }],
    fallthrough: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } },
  });
  sdkKey = (await server.sdkKey('server')).secret;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('polling mode (stream: false)', () => {
  it('polls GET /sdk/v1/flags with ETag: 304s change nothing, a change arrives as a change event', async () => {
    const client = track(createClient({ sdkKey, baseUrl: server.baseUrl, stream: false, pollIntervalMs: 150, logger: quietLogger }));
    expect(await client.waitForReady(15_000)).toBe(true);
    expect(client.stringVariationDetail('theme', { key: 'user-2' }, 'none')).toMatchObject({ value: 'dark', reason: 'TARGETING_MATCH', ruleId: 'beta' });
    await waitForPolls(client, 3);
    const quiet = client.diagnostics();
    expect(quiet.notModified).toBeGreaterThanOrEqual(2);
    expect(quiet).toMatchObject({ snapshots: 1, connectAttempts: 0, mode: 'polling' });

    const changed = nextEvent(client, 'change:checkout');
    const version = await toggle(server, 'checkout', false);
    expect(await changed).toEqual({ key: 'checkout', version });
    expect(client.boolVariationDetail('checkout', { key: 'u' }, true)).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(client.diagnostics().snapshots).toBe(2);
    expect(normalized(client.ruleSet()!)).toEqual(normalized(await serverRuleSet(server, sdkKey)));
    await toggle(server, 'checkout', true);
  });

  it('stops polling on 401 (revoked key) and says why', async () => {
    const key = await server.sdkKey('server');
    const client = track(createClient({ sdkKey: key.secret, baseUrl: server.baseUrl, stream: false, pollIntervalMs: 100, logger: quietLogger }));
    expect(await client.waitForReady(15_000)).toBe(true);
    const errored = nextEvent(client, 'error') as Promise<ClientErrorEvent>;
    await ok(server, 'POST', `/api/v1/keys/${key.id}/revoke`, { reason: 'test' });
    expect(await errored).toMatchObject({ reason: 'unauthorized', code: 401 });
    const polls = client.diagnostics().polls;
    await untilStatus(client, 'error');
    expect(client.boolVariation('checkout', { key: 'u' }, false)).toBe(true);
    expect(client.diagnostics().polls).toBe(polls);
  });
});

describe('bootstrap file', () => {
  let file: string;
  beforeAll(async () => {
    const { etag: _etag, ...body } = await serverRuleSet(server, sdkKey);
    file = join(dir, 'flags.json');
    writeFileSync(file, JSON.stringify(body));
  });

  it('offline: ready at once from the file, evaluating exactly like core on the server rule set, with no network', async () => {
    const client = track(createClient({ offline: true, bootstrapFile: file, logger: quietLogger }));
    expect(client.status()).toBe('ready');
    expect(await client.waitForReady(0)).toBe(true);
    const ruleSet = await serverRuleSet(server, sdkKey);
    const evaluator = createEvaluator(ruleSet);
    for (const flag of ruleSet.flags)
      for (const context of sampleContexts())
        expect(comparableResult(client.variationDetail(flag.key, context, null))).toEqual(comparableResult(evaluator.evaluate(flag.key, context)));
    expect(normalized(client.ruleSet()!)).toEqual(normalized(ruleSet));
    expect(client.diagnostics()).toMatchObject({ mode: 'offline', connectAttempts: 0, polls: 0, snapshots: 1 });
    expect(client.boolVariationDetail('nope', {}, true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('online but the server is unreachable: serves the file and reports stale', async () => {
    const client = track(createClient({ sdkKey, baseUrl: 'http://127.0.0.1:9', bootstrapFile: file, logger: quietLogger, reconnect: { initialMs: 100, maxMs: 200 } }));
    expect(client.boolVariation('checkout', { key: 'u' }, false)).toBe(true);
    await untilStatus(client, 'stale');
    expect(await client.waitForReady(200)).toBe(false);
    expect(client.stringVariation('theme', { key: 'user-2' }, 'none')).toBe('dark');
  });

  it('online: starts from the file, then syncs with a snapshot and reports what differs', async () => {
    const changed = new Set<string>();
    await toggle(server, 'checkout', false);
    const client = track(createClient({ sdkKey, baseUrl: server.baseUrl, bootstrapFile: file, logger: quietLogger }));
    client.on('change', (c) => changed.add(c.key));
    expect(client.boolVariation('checkout', { key: 'u' }, false)).toBe(true);
    expect(await client.waitForReady(15_000)).toBe(true);
    expect(client.boolVariation('checkout', { key: 'u' }, true)).toBe(false);
    expect([...changed]).toEqual(['checkout']);
    await toggle(server, 'checkout', true);
  });

  it('a missing or malformed file is a configuration error at construction', () => {
    expect(() => createClient({ offline: true, bootstrapFile: join(dir, 'missing.json') })).toThrow(SwitchyardConfigurationError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"flags": 3}');
    expect(() => createClient({ offline: true, bootstrapFile: bad })).toThrow(/"flags" must be an array/);
  });
});

/** Polls happen on a timer with no event of their own; wait, with a deadline, until `n` more were answered. */
async function waitForPolls(client: SwitchyardClient, n: number): Promise<void> {
  const target = client.diagnostics().polls + n;
  const deadline = Date.now() + 15_000;
  while (client.diagnostics().polls < target) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} polls in 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
