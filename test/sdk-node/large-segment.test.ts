import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, ok, quietLogger, serverRuleSet, toggle, updateConfig } from './support/admin';
import { createClient, type SwitchyardClient } from './support/sdk';
import { untilVersion } from './support/wait';

/**
 * Large target lists belong in segments (issue 26, item 5): a segment of 100,000 keys is written
 * through the API, travels to a real Node SDK in its snapshot and as a patch, and is evaluated there
 * by membership — well inside the environment's budget and the SDK's frame limit.
 */
const KEYS = 100_000;
const keys = (prefix: string) => Array.from({ length: KEYS }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);
const server = new ServerProcess();
let sdkKey: string;
let client: SwitchyardClient | undefined;

beforeAll(async () => {
  await server.start();
  sdkKey = (await server.sdkKey('server')).secret;
}, 30_000);
afterAll(async () => {
  await client?.close();
  await server.dispose();
});

describe('a segment of 100,000 keys', () => {
  it('is accepted, counted in the environment size, loaded by a Node SDK and evaluated by membership; an edit of it arrives as one patch', { timeout: 60_000 }, async () => {
    const created = await server.api('POST', '/api/v1/environments/production/segments', { key: 'enterprise', included: keys('customer') });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    await createFlag(server, 'enterprise-pricing');
    await updateConfig(server, 'enterprise-pricing', { rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['enterprise'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
    await toggle(server, 'enterprise-pricing', true);

    const env = (await ok(server, 'GET', '/api/v1/environments/production')) as { size: { bytes: number; segments: number }; budget: { bytes: number } };
    expect(env.size.segments).toBe(1);
    expect(env.size.bytes).toBeGreaterThan(KEYS * 17);
    expect(env.size.bytes).toBeLessThan(env.budget.bytes);

    client = createClient({ sdkKey, baseUrl: server.baseUrl, logger: quietLogger });
    expect(await client.waitForReady(20_000)).toBe(true);
    expect(client.ruleSet()!.segments[0]!.included).toHaveLength(KEYS);
    expect(client.boolVariation('enterprise-pricing', { key: 'customer-000000' }, false)).toBe(true);
    expect(client.boolVariation('enterprise-pricing', { key: `customer-${String(KEYS - 1).padStart(6, '0')}` }, false)).toBe(true);
    expect(client.boolVariation('enterprise-pricing', { key: 'customer-100000' }, false)).toBe(false);

    // A whole new list, excluding one key: the SDK applies it as one patch.
    const segment = (await ok(server, 'GET', '/api/v1/environments/production/segments/enterprise')) as { version: number };
    const updated = await server.api('PATCH', '/api/v1/environments/production/segments/enterprise', { baseVersion: segment.version, included: keys('tenant'), excluded: ['customer-000000'] });
    expect(updated.status).toBe(200);
    const final = await serverRuleSet(server, sdkKey);
    await untilVersion(client, final.version, 20_000);
    expect(client.boolVariation('enterprise-pricing', { key: 'customer-000001' }, false)).toBe(false);
    expect(client.boolVariation('enterprise-pricing', { key: 'tenant-054321' }, false)).toBe(true);
  });
});
