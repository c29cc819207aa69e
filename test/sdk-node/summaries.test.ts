import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, quietLogger, toggle, updateConfig } from './support/admin';
import { createClient, type SwitchyardClient } from './support/sdk';

const server = new ServerProcess();
let client: SwitchyardClient;

beforeAll(async () => {
  await server.start();
  await createFlag(server, 'checkout');
  await toggle(server, 'checkout', true);
  await updateConfig(server, 'checkout', { targets: [{ variation: 0, values: ['blocked'] }] });
  const sdkKey = (await server.sdkKey('server')).secret;
  client = createClient({ sdkKey, baseUrl: server.baseUrl, logger: quietLogger, summaries: { flushIntervalMs: 60_000 } });
});
afterAll(async () => {
  await client.close();
  await server.dispose();
});

/** The server records summaries asynchronously; read its per-flag counts until they reach `total`. */
async function evaluationsOf(flag: string, total: number): Promise<Record<string, number>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const items = (await server.api('GET', `/api/v1/flags/${flag}/evaluations`)).body.items as { variant: string | null; count: number }[];
    const counts = Object.fromEntries(items.map((i) => [String(i.variant), i.count]));
    if (Object.values(counts).reduce((a, b) => a + b, 0) >= total || Date.now() > deadline) return counts;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('counts evaluations per flag and variant and sends them as summaries the server aggregates', async () => {
  expect(await client.waitForReady(15_000)).toBe(true);
  for (let i = 0; i < 40; i++) client.boolVariation('checkout', { key: `user-${i}` }, false);
  for (let i = 0; i < 3; i++) client.boolVariation('checkout', { key: 'blocked' }, true);
  expect(client.flushSummaries()).toBe(true);
  expect(await evaluationsOf('checkout', 43)).toEqual({ on: 40, off: 3 });

  client.boolVariationDetail('checkout', { key: 'u' }, false);
  client.stringVariation('checkout', { key: 'u' }, 'x'); // TYPE_MISMATCH: the caller's default, no variant
  expect(client.flushSummaries()).toBe(true);
  expect(await evaluationsOf('checkout', 45)).toEqual({ on: 41, off: 3, null: 1 });
  expect(client.diagnostics().summariesSent).toBe(2);
});

it('sends the last counts when the client closes', async () => {
  for (let i = 0; i < 5; i++) client.boolVariation('checkout', { key: 'blocked' }, true);
  await client.close();
  expect(await evaluationsOf('checkout', 50)).toEqual({ on: 41, off: 8, null: 1 });
});
