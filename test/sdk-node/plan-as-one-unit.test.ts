import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, ok, quietLogger, serverRuleSet } from './support/admin';
import { createClient, type AppliedEvent, type SwitchyardClient } from './support/sdk';
import { untilVersion } from './support/wait';

/**
 * A plan applied through the API (issue 26, item 7) reaches a real Node SDK as one version: one
 * `applied` event of kind `changes`, after which every change of the plan holds together, and the
 * SDK ends in the server's exact rule set.
 */
const server = new ServerProcess();
let client: SwitchyardClient | undefined;

beforeAll(async () => {
  await server.start();
  await createFlag(server, 'search');
}, 30_000);
afterAll(async () => {
  await client?.close();
  await server.dispose();
});

describe('a plan in a Node SDK', () => {
  it('arrives as one changes message: one applied version, every change visible together', { timeout: 30_000 }, async () => {
    const sdkKey = (await server.sdkKey('server')).secret;
    client = createClient({ sdkKey, baseUrl: server.baseUrl, logger: quietLogger });
    const applied: AppliedEvent[] = [];
    client.on('applied', (e) => applied.push(e));
    expect(await client.waitForReady(20_000)).toBe(true);
    // Whatever an evaluation sees, it is never half a plan: new-search and its prerequisite come together.
    const seen = new Set<string>();
    client.on('change', () => seen.add(`${client!.boolVariation('new-search', { key: 'u-1' }, false)}/${client!.boolVariation('search', { key: 'u-1' }, false)}`));

    const search = (await ok(server, 'GET', '/api/v1/flags/search/environments/production')) as { version: number };
    const result = await ok(server, 'POST', '/api/v1/environments/production/apply', {
      reason: 'launch new search',
      changes: [
        { op: 'flag.enable', key: 'search', baseVersion: search.version },
        { op: 'flag.create', key: 'new-search', type: 'release', owner: 'team-search' },
        { op: 'flag.config.update', key: 'new-search', prerequisites: [{ flag: 'search', variation: 1 }] },
        { op: 'flag.enable', key: 'new-search' },
      ],
    });
    await untilVersion(client, result.versions.production, 20_000);

    const afterReady = applied.filter((e) => e.kind !== 'snapshot');
    expect(afterReady).toHaveLength(1);
    expect(afterReady[0]).toMatchObject({ kind: 'changes', version: result.versions.production, items: [{ kind: 'flag', key: 'search' }, { kind: 'flag', key: 'new-search' }] });
    expect(client.boolVariation('new-search', { key: 'u-1' }, false)).toBe(true);
    expect([...seen]).toEqual(['true/true']);
    const rules = await serverRuleSet(server, sdkKey);
    expect(client.ruleSet()!.version).toBe(rules.version);
  });
});
