import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../packages/core/src/index';
import { comparableResult } from '../support/fixtures';
import { ServerProcess } from '../support/server-process';
import { createFlag, normalized, ok, quietLogger, serverRuleSet, toggle } from './support/admin';
import { makeRandomChanges, sampleContexts } from './support/random-changes';
import { createClient, type AppliedEvent, type EvaluationContext, type SwitchyardClient } from './support/sdk';
import { untilVersion } from './support/wait';

const CLIENTS = 50;
const CHANGES = 200;
const SEED = Number(process.env.SWITCHYARD_SEED ?? Date.now() % 1_000_000);

const server = new ServerProcess();
let sdkKey: string;

beforeAll(async () => {
  await server.start();
  for (const key of ['checkout', 'banner', 'search']) await createFlag(server, key);
  await createFlag(server, 'theme', { variationType: 'string', variations: [{ name: 'light', value: 'light' }, { name: 'dark', value: 'dark' }] });
  await ok(server, 'POST', '/api/v1/environments/production/segments', { key: 'beta', included: ['user-2'] });
  await toggle(server, 'checkout', true);
  sdkKey = (await server.sdkKey('server')).secret;
});
afterAll(() => server.dispose());

describe(`${CLIENTS} Node SDK clients while ${CHANGES} random changes are made (seed ${SEED})`, () => {
  const clients: SwitchyardClient[] = [];
  const applied: AppliedEvent[][] = [];
  afterAll(() => Promise.all(clients.map((c) => c.close())));

  it('all end with the server exact state, having applied every version once, in order', { timeout: 60_000 }, async () => {
    for (let i = 0; i < CLIENTS; i++) {
      const client = createClient({ sdkKey, baseUrl: server.baseUrl, logger: quietLogger });
      const seen: AppliedEvent[] = [];
      client.on('applied', (e) => seen.push(e));
      clients.push(client);
      applied.push(seen);
    }
    expect(await Promise.all(clients.map((c) => c.waitForReady(20_000)))).toEqual(clients.map(() => true));

    expect(await makeRandomChanges(server, CHANGES, SEED)).toBe(CHANGES);
    const final = await serverRuleSet(server, sdkKey);
    await Promise.all(clients.map((c) => untilVersion(c, final.version, 30_000)));

    // What core says on the server's rule set, for every flag and context, untyped and typed.
    const evaluator = createEvaluator(final);
    const contexts = sampleContexts();
    const fallback = { boolean: false, string: '', number: 0, json: null } as const;
    const expected = final.flags.flatMap((flag) =>
      contexts.flatMap((context) => [
        comparableResult(evaluator.evaluate(flag.key, context)),
        comparableResult(evaluator.evaluateTyped(flag.key, context, flag.variationType, fallback[flag.variationType])),
      ]),
    );
    for (const [i, client] of clients.entries()) {
      // The exact rule set of GET /sdk/v1/flags.
      expect(normalized(client.ruleSet()!), `client ${i}`).toEqual(normalized(final));
      // Every flag, for every context, evaluates as core does on the server's rule set.
      const actual = final.flags.flatMap((flag) =>
        contexts.flatMap((context) => [
          comparableResult(client.variationDetail(flag.key, context, null)),
          comparableResult(typedDetail(client, flag.variationType, flag.key, context, fallback[flag.variationType])),
        ]),
      );
      expect(actual, `client ${i}`).toEqual(expected);
      // One snapshot, then every version exactly once, in order, up to the server's.
      const events = applied[i]!;
      expect(events.filter((e) => e.kind === 'snapshot')).toHaveLength(1);
      const start = events[0]!.version;
      expect(events.slice(1).map((e) => e.version)).toEqual(Array.from({ length: final.version - start }, (_, n) => start + 1 + n));
      expect(client.diagnostics()).toMatchObject({ snapshots: 1, gaps: 0, duplicates: 0, connections: 1, version: final.version });
    }
    expect(final.version - applied[0]![0]!.version).toBeGreaterThanOrEqual(CHANGES);
  });

  it('acks promptly, so the server sees every connection has applied the last change', async () => {
    await createFlag(server, 'landed');
    const version = await toggle(server, 'landed', true);
    await Promise.all(clients.map((c) => untilVersion(c, version)));
    const started = Date.now();
    for (;;) {
      const delivery = (await server.api('GET', `/api/v1/environments/production/delivery?version=${version}`)).body;
      if (delivery.server.applied === CLIENTS && delivery.server.total === CLIENTS) break;
      if (Date.now() - started > 10_000) throw new Error(`delivery stuck at ${JSON.stringify(delivery.server)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
});

function typedDetail(client: SwitchyardClient, type: string, key: string, context: EvaluationContext, fallback: unknown) {
  switch (type) {
    case 'boolean':
      return client.boolVariationDetail(key, context, fallback as boolean);
    case 'string':
      return client.stringVariationDetail(key, context, fallback as string);
    case 'number':
      return client.numberVariationDetail(key, context, fallback as number);
    default:
      return client.jsonVariationDetail(key, context, null);
  }
}
