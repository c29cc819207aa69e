import { OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from '@openfeature/web-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchyardWebProvider, type SwitchyardWebProvider } from '../../packages/sdk-browser/src/openfeature/index';
import { ServerProcess } from '../support/server-process';
import { quiet, recordingWebSocket } from './support';

const server = new ServerProcess();
let keyId: string;
let provider: SwitchyardWebProvider;
const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
const configVersion = async (flag: string) => (await server.api('GET', prod(flag))).body.version as number;

/** Every provider event the OpenFeature client saw, in order. */
const events: { type: string; details?: EventDetails }[] = [];
const client = OpenFeature.getClient();
for (const type of Object.values(ProviderEvents)) client.addHandler(type, (details) => void events.push({ type, details }));

/** Resolves on the next event of `type` (event-driven; rejects after `timeoutMs`). */
function nextEvent(type: ProviderEvents, timeoutMs = 20_000): Promise<EventDetails | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; saw ${events.map((e) => e.type).join(', ')}`)), timeoutMs);
    const handler = (details?: EventDetails) => {
      clearTimeout(timer);
      client.removeHandler(type, handler);
      resolve(details);
    };
    client.addHandler(type, handler);
  });
}

beforeAll(async () => {
  await server.start();
  await server.api('POST', '/api/v1/flags', { key: 'new-nav', type: 'release', owner: 'team-web', clientSide: true });
  await server.api('POST', '/api/v1/flags', {
    key: 'greeting', type: 'experiment', owner: 'team-web', clientSide: true, variationType: 'string',
    variations: [{ name: 'hi', value: 'Hi' }, { name: 'hello', value: 'Hello' }], offVariation: 0, onVariation: 0,
  });
  await server.api('POST', '/api/v1/flags', {
    key: 'limits', type: 'ops', owner: 'team-web', clientSide: true, variationType: 'json', expiresAt: null,
    variations: [{ name: 'small', value: { max: 10 } }, { name: 'big', value: { max: 100 } }], offVariation: 0, onVariation: 1,
  });
  await server.api('PATCH', prod('greeting'), { baseVersion: await configVersion('greeting'), enabled: true, rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variation: 1 } }] });
  await server.api('POST', `${prod('limits')}/toggle`, { enabled: true, baseVersion: await configVersion('limits') });
  const key = await server.sdkKey('client');
  keyId = key.id;
  await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'free' });
  provider = createSwitchyardWebProvider({ clientKey: key.secret, baseUrl: server.baseUrl, webSocket: recordingWebSocket().WebSocket, storage: null, logger: quiet, backoff: { initialMs: 100, maxMs: 500 } });
}, 60_000);

afterAll(async () => {
  await OpenFeature.close();
  await server.dispose();
});

describe('OpenFeature web SDK with the Switchyard provider', () => {
  it('initialises through setProviderAndWait and emits READY', async () => {
    const ready = nextEvent(ProviderEvents.Ready);
    await OpenFeature.setProviderAndWait(provider);
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(client.metadata.providerMetadata.name).toBe('switchyard');
  });

  it('resolves every type synchronously from the values held', () => {
    expect(client.getBooleanDetails('new-nav', true)).toMatchObject({ flagKey: 'new-nav', value: false, variant: 'off', reason: 'DISABLED' });
    expect(client.getStringDetails('greeting', '?')).toMatchObject({ value: 'Hi', variant: 'hi', reason: 'DEFAULT' });
    expect(client.getObjectDetails('limits', {})).toMatchObject({ value: { max: 100 }, variant: 'big', reason: 'STATIC' });
    expect(client.getNumberDetails('greeting', 7)).toMatchObject({ value: 7, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(client.getBooleanDetails('no-such-flag', true)).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('emits CONFIGURATION_CHANGED with flagsChanged for a change on the server', async () => {
    const changed = nextEvent(ProviderEvents.ConfigurationChanged);
    await server.api('POST', `${prod('new-nav')}/toggle`, { enabled: true, baseVersion: await configVersion('new-nav') });
    expect((await changed)?.flagsChanged).toEqual(['new-nav']);
    expect(client.getBooleanValue('new-nav', false)).toBe(true);
  });

  it('reconciles a context change (RECONCILING, then CONTEXT_CHANGED) without CONFIGURATION_CHANGED', async () => {
    const before = events.length;
    const reconciled = nextEvent(ProviderEvents.ContextChanged);
    await OpenFeature.setContext({ targetingKey: 'user-2', plan: 'pro', since: new Date('2024-01-01T00:00:00Z') });
    await reconciled;
    expect(client.getStringDetails('greeting', '?')).toMatchObject({ value: 'Hello', variant: 'hello', reason: 'TARGETING_MATCH' });
    expect(events.slice(before).map((e) => e.type)).toEqual([ProviderEvents.Reconciling, ProviderEvents.ContextChanged]);
    expect(provider.client?.context()).toEqual({ targetingKey: 'user-2', plan: 'pro', since: '2024-01-01T00:00:00.000Z' });
  });

  it('emits STALE when the server dies, keeps resolving last-known-good values, and READY once back', async () => {
    const stale = nextEvent(ProviderEvents.Stale);
    await server.kill();
    await stale;
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(client.getStringValue('greeting', '?')).toBe('Hello');
    const ready = nextEvent(ProviderEvents.Ready, 30_000);
    await server.start();
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  }, 60_000);

  it('emits ERROR when the key is revoked, and still serves last-known-good values', async () => {
    const error = nextEvent(ProviderEvents.Error);
    await server.api('POST', `/api/v1/keys/${keyId}/revoke`, { reason: 'rotated' });
    expect((await error)?.message).toMatch(/revoked/);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(client.getBooleanValue('new-nav', false)).toBe(true);
  });
});
