import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { createFlag, ok, quietLogger, toggle, updateConfig } from './support/admin';
import { createOpenFeatureProvider, ErrorCode, OpenFeature, ProviderEvents, ProviderStatus, type EventDetails, type SwitchyardProvider } from './support/sdk';
import { TcpProxy } from './support/tcp-proxy';

const server = new ServerProcess();
const proxy = new TcpProxy(() => server.port);
let keyId: string;
let provider: SwitchyardProvider;

/** Every event the OpenFeature API emitted, in order, and a way to wait for the next one of a kind. */
const seen: { type: ProviderEvents; details: EventDetails | undefined }[] = [];
const waiters: { type: ProviderEvents; resolve: (d: EventDetails | undefined) => void }[] = [];
function nextApiEvent(type: ProviderEvents, timeoutMs = 20_000): Promise<EventDetails | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; seen ${seen.map((e) => e.type).join(', ')}`)), timeoutMs);
    waiters.push({ type, resolve: (d) => (clearTimeout(timer), resolve(d)) });
  });
}

beforeAll(async () => {
  await server.start();
  await proxy.start();
  await createFlag(server, 'checkout');
  await toggle(server, 'checkout', true);
  await createFlag(server, 'theme', { variationType: 'string', variations: [{ name: 'light', value: 'light' }, { name: 'dark', value: 'dark' }] });
  await updateConfig(server, 'theme', {
    enabled: true,
    rules: [{ id: 'early-adopters', clauses: [{ attribute: 'signedUpAt', op: 'before', values: ['2021-01-01'] }], serve: { variation: 1 } }],
  });
  const key = await server.sdkKey('server');
  keyId = key.id;
  for (const type of [ProviderEvents.Ready, ProviderEvents.Error, ProviderEvents.Stale, ProviderEvents.ConfigurationChanged])
    OpenFeature.addHandler(type, (details) => {
      seen.push({ type, details });
      for (const w of waiters.filter((w) => w.type === type)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(details);
      }
    });
  provider = createOpenFeatureProvider({ sdkKey: key.secret, baseUrl: proxy.baseUrl, logger: quietLogger, reconnect: { initialMs: 100, maxMs: 500 } });
});
afterAll(async () => {
  await OpenFeature.close();
  await proxy.close();
  await server.dispose();
});

describe('the Switchyard provider through the OpenFeature server SDK', () => {
  it('setProviderAndWait resolves once synced, with READY', async () => {
    const ready = nextApiEvent(ProviderEvents.Ready);
    await OpenFeature.setProviderAndWait(provider);
    await ready;
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.READY);
    expect(OpenFeature.providerMetadata.name).toBe('switchyard');
  });

  it('resolves values, variants, reasons and error codes', async () => {
    const client = OpenFeature.getClient();
    expect(await client.getBooleanDetails('checkout', false, { targetingKey: 'user-1' })).toMatchObject({ value: true, variant: 'on', reason: 'STATIC' });
    const early = await client.getStringDetails('theme', 'none', { targetingKey: 'user-1', signedUpAt: new Date('2020-06-01T00:00:00Z') });
    expect(early).toMatchObject({ value: 'dark', variant: 'dark', reason: 'TARGETING_MATCH', flagMetadata: { ruleId: 'early-adopters', ruleIndex: 0 } });
    expect(await client.getStringDetails('theme', 'none', { targetingKey: 'user-1', signedUpAt: new Date('2022-06-01T00:00:00Z') })).toMatchObject({
      value: 'light',
      reason: 'DEFAULT',
    });
    expect(await client.getBooleanDetails('no-such-flag', true, {})).toMatchObject({ value: true, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    expect(await client.getNumberDetails('checkout', 7, {})).toMatchObject({ value: 7, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getObjectValue('checkout', { fallback: true }, {})).toEqual({ fallback: true });
  });

  it('emits CONFIGURATION_CHANGED with the changed flag keys', async () => {
    const changed = nextApiEvent(ProviderEvents.ConfigurationChanged);
    await toggle(server, 'checkout', false);
    expect((await changed)?.flagsChanged).toEqual(['checkout']);
    expect(await OpenFeature.getClient().getBooleanValue('checkout', true, { targetingKey: 'user-1' })).toBe(false);
    const again = nextApiEvent(ProviderEvents.ConfigurationChanged);
    await toggle(server, 'checkout', true);
    expect((await again)?.flagsChanged).toEqual(['checkout']);
  });

  it('emits STALE when the server is killed (still serving last-known-good), READY when it is back', { timeout: 40_000 }, async () => {
    const stale = nextApiEvent(ProviderEvents.Stale);
    await server.kill();
    await stale;
    const client = OpenFeature.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanDetails('checkout', false, { targetingKey: 'user-1' })).toMatchObject({ value: true, variant: 'on', reason: 'STATIC' });
    const ready = nextApiEvent(ProviderEvents.Ready);
    await server.start();
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('emits ERROR when the key is revoked; evaluations keep serving last-known-good', async () => {
    const error = nextApiEvent(ProviderEvents.Error);
    await ok(server, 'POST', `/api/v1/keys/${keyId}/revoke`, { reason: 'rotated' });
    expect((await error)?.message).toMatch(/revoked/);
    const client = OpenFeature.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(await client.getBooleanDetails('checkout', false, { targetingKey: 'user-1' })).toMatchObject({ value: true, variant: 'on' });
  });

  it('an invalid key fails initialization for good (FATAL): the caller gets its default', async () => {
    const bad = createOpenFeatureProvider({ sdkKey: 'sys_unknown-key-for-sure', baseUrl: proxy.baseUrl, logger: quietLogger }, { initTimeoutMs: 15_000 });
    await expect(OpenFeature.setProviderAndWait('bad-key', bad)).rejects.toThrow(/invalid|not valid/i);
    const client = OpenFeature.getClient('bad-key');
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await client.getBooleanDetails('checkout', false, {})).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.PROVIDER_FATAL });
  });

  it('closing OpenFeature closes the client the provider owns', async () => {
    await OpenFeature.close();
    expect(provider.client.status()).toBe('closed');
  });
});
