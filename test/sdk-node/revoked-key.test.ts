import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, ok, quietLogger, toggle } from './support/admin';
import { createClient, type ClientErrorEvent, type SwitchyardClient } from './support/sdk';
import { TcpProxy } from './support/tcp-proxy';
import { nextEvent, untilStatus } from './support/wait';

const server = new ServerProcess();
const proxy = new TcpProxy(() => server.port);
const clients: SwitchyardClient[] = [];
const open = (sdkKey: string) => {
  // Fast reconnects, so that a retry would show up within the observation window.
  const client = createClient({ sdkKey, baseUrl: proxy.baseUrl, logger: quietLogger, reconnect: { initialMs: 50, maxMs: 200 } });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  await server.start();
  await proxy.start();
  await createFlag(server, 'checkout');
  await toggle(server, 'checkout', true);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await server.dispose();
});

/** Watches for a few seconds that nobody opens a connection, by the client's count and the proxy's. */
async function expectNoReconnect(client: SwitchyardClient, ms: number): Promise<void> {
  const attempts = client.diagnostics().connectAttempts;
  const forwarded = proxy.forwarded;
  const deadline = Date.now() + ms;
  // Observing absence takes time by nature: this is the observation window, not a wait for an event.
  while (Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(client.diagnostics().connectAttempts).toBe(attempts);
  expect(proxy.forwarded).toBe(forwarded);
}

describe('a key the server refuses for good', () => {
  it('revoked while connected: closed with 4004; the client stops retrying, says why and keeps last-known-good', async () => {
    const key = await server.sdkKey('server');
    const client = open(key.secret);
    expect(await client.waitForReady(15_000)).toBe(true);
    expect(client.boolVariation('checkout', { key: 'u' }, false)).toBe(true);

    const errored = nextEvent(client, 'error') as Promise<ClientErrorEvent>;
    await ok(server, 'POST', `/api/v1/keys/${key.id}/revoke`, { reason: 'leaked in a test' });
    const error = await errored;
    expect(error).toMatchObject({ reason: 'key-revoked', code: 4004 });
    expect(error.message).toMatch(/revoked/);
    expect(client.status()).toBe('error');
    expect(client.lastError()).toEqual(error);
    await expectNoReconnect(client, 3_000);
    expect(client.status()).toBe('error');
    expect(client.boolVariationDetail('checkout', { key: 'u' }, false)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(await client.waitForReady(10)).toBe(false);
  });

  it('unknown at startup: closed with 4003; waitForReady resolves false at once, no retry, defaults served', async () => {
    const client = open('sys_not-a-real-key-at-all');
    expect(await client.waitForReady(15_000)).toBe(false);
    expect(client.status()).toBe('error');
    expect(client.lastError()).toMatchObject({ reason: 'invalid-key', code: 4003 });
    expect(client.diagnostics().connectAttempts).toBe(1);
    await expectNoReconnect(client, 2_000);
    expect(client.boolVariationDetail('checkout', { key: 'u' }, false)).toEqual({ value: false, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
  });

  it('a server that is down is retried, unlike a refused key (control)', async () => {
    const key = await server.sdkKey('server');
    proxy.pause();
    const client = open(key.secret);
    await until3Attempts(client);
    expect(client.status()).toBe('initializing');
    proxy.resume();
    expect(await client.waitForReady(15_000)).toBe(true);
    await untilStatus(client, 'ready');
  });
});

async function until3Attempts(client: SwitchyardClient): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (client.diagnostics().connectAttempts < 3) {
    if (Date.now() > deadline) throw new Error('the client did not retry');
    await new Promise((r) => setTimeout(r, 50));
  }
}
