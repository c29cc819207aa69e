import { expect } from 'vitest';
import { createEvaluator } from '../../../packages/core/src/index';
import { comparableResult } from '../../support/fixtures';
import type { ServerProcess } from '../../support/server-process';
import { createFlag, normalized, ok, quietLogger, serverRuleSet, toggle } from './admin';
import { sampleContexts } from './random-changes';
import { createClient, type AppliedEvent, type JsonValue, type StaleEvent, type SwitchyardClient } from './sdk';
import { untilVersion } from './wait';

/** One client and what it reported. */
export interface Watched {
  client: SwitchyardClient;
  applied: AppliedEvent[];
  stale: StaleEvent[];
  /** Every flag's value for each sample context, captured the moment the client went stale. */
  atStale: Record<string, JsonValue>[] | undefined;
}

export const FLEET_FLAGS = ['checkout', 'banner', 'search', 'export'];

/** A few flags and a segment to start from; returns a server key. */
export async function seedServer(server: ServerProcess): Promise<string> {
  for (const key of FLEET_FLAGS) await createFlag(server, key);
  await ok(server, 'POST', '/api/v1/environments/production/segments', { key: 'beta', included: ['user-2'] });
  await toggle(server, 'checkout', true);
  return (await server.sdkKey('server')).secret;
}

/** `count` clients on `baseUrl` with fast reconnects, each recording its applied and stale events. */
export async function startFleet(count: number, sdkKey: string, baseUrl: string): Promise<Watched[]> {
  const contexts = sampleContexts();
  const fleet: Watched[] = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({ sdkKey, baseUrl, logger: quietLogger, reconnect: { initialMs: 200, maxMs: 1_000 } });
    const w: Watched = { client, applied: [], stale: [], atStale: undefined };
    client.on('applied', (e) => w.applied.push(e));
    client.on('stale', (e) => {
      w.stale.push(e);
      w.atStale = contexts.map((c) => client.allFlags(c));
    });
    fleet.push(w);
  }
  expect(await Promise.all(fleet.map((w) => w.client.waitForReady(20_000)))).toEqual(fleet.map(() => true));
  return fleet;
}

/**
 * Every client holds the server's rule set and evaluates like core on it, applied every version
 * once and in order, and got exactly one snapshot (its first). Returns the server's version.
 */
export async function expectInSyncWithServer(server: ServerProcess, sdkKey: string, fleet: Watched[]): Promise<number> {
  const final = await serverRuleSet(server, sdkKey);
  await Promise.all(fleet.map((w) => untilVersion(w.client, final.version, 30_000)));
  const contexts = sampleContexts();
  const evaluator = createEvaluator(final);
  const expected = final.flags.flatMap((flag) => contexts.map((context) => comparableResult(evaluator.evaluate(flag.key, context))));
  for (const [i, { client, applied }] of fleet.entries()) {
    expect(normalized(client.ruleSet()!), `client ${i}`).toEqual(normalized(final));
    const actual = final.flags.flatMap((flag) => contexts.map((context) => comparableResult(client.variationDetail(flag.key, context, null))));
    expect(actual, `client ${i}`).toEqual(expected);
    expect(applied.filter((e) => e.kind === 'snapshot'), `client ${i}: no snapshot after the first`).toHaveLength(1);
    const start = applied[0]!.version;
    expect(applied.slice(1).map((e) => e.version)).toEqual(Array.from({ length: final.version - start }, (_, n) => start + 1 + n));
    expect(client.diagnostics()).toMatchObject({ snapshots: 1, gaps: 0, duplicates: 0, version: final.version });
    expect(client.status()).toBe('ready');
  }
  return final.version;
}
