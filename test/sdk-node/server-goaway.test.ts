import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, toggle } from './support/admin';
import { expectInSyncWithServer, seedServer, startFleet, type Watched } from './support/fleet';
import { untilStatus } from './support/wait';

const server = new ServerProcess();
let sdkKey: string;
let fleet: Watched[];

beforeAll(async () => {
  await server.start();
  sdkKey = await seedServer(server);
  fleet = await startFleet(10, sdkKey, server.baseUrl);
});
afterAll(async () => {
  await Promise.all(fleet.map((w) => w.client.close()));
  await server.dispose();
});

it('a graceful stop (goaway) makes clients stale, and they resume without a snapshot once the server is back', { timeout: 60_000 }, async () => {
  await server.stop();
  await Promise.all(fleet.map((w) => untilStatus(w.client, 'stale')));
  for (const w of fleet) expect(w.stale[0]!.reason).toBe('going-away');
  expect(fleet.every((w) => w.client.boolVariation('checkout', { key: 'u' }, false))).toBe(true);
  await server.start();
  await createFlag(server, 'after-goaway');
  await toggle(server, 'after-goaway', true);
  await expectInSyncWithServer(server, sdkKey, fleet);
  for (const w of fleet) expect(w.client.boolVariation('after-goaway', { key: 'u' }, false)).toBe(true);
});
