import { ErrorCode, ProviderEvents } from '@openfeature/server-sdk';
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client/create-client';
import { createOpenFeatureProvider } from '../src/openfeature/index';
import { toSwitchyardContext } from '../src/openfeature/context';
import { toResolution } from '../src/openfeature/resolution';
import { createTestData } from '../src/test-data/test-data';
import { silentLogger } from './support/fake-platform';

describe('OpenFeature mapping', () => {
  it('maps results: reason, variant, error codes (with messages) and rule metadata', () => {
    expect(toResolution({ value: true, variant: 'on', variationIndex: 1, reason: 'TARGETING_MATCH', ruleIndex: 2, ruleId: 'beta' })).toEqual({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleIndex: 2, ruleId: 'beta' },
    });
    expect(toResolution({ value: false, variant: 'off', reason: 'DISABLED', killed: true })).toEqual({ value: false, variant: 'off', reason: 'DISABLED', flagMetadata: { killed: true } });
    expect(toResolution({ value: false, variant: 'off', reason: 'PREREQUISITE_FAILED' })).toMatchObject({ reason: 'PREREQUISITE_FAILED' });
    for (const code of ['PROVIDER_NOT_READY', 'FLAG_NOT_FOUND', 'PARSE_ERROR', 'TYPE_MISMATCH', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL'] as const) {
      const resolution = toResolution({ value: 1, reason: 'ERROR', errorCode: code });
      expect(resolution.errorCode).toBe(ErrorCode[code]);
      expect(resolution.errorMessage).toEqual(expect.any(String));
    }
  });

  it('passes contexts through untouched, turning Dates into ISO strings', () => {
    const plain = { targetingKey: 'u', plan: 'pro', tags: ['a'] };
    expect(toSwitchyardContext(plain)).toBe(plain);
    expect(toSwitchyardContext({ targetingKey: 'u', at: new Date('2024-01-02T03:04:05Z'), nested: { list: [new Date(0)] } })).toEqual({
      targetingKey: 'u',
      at: '2024-01-02T03:04:05.000Z',
      nested: { list: ['1970-01-01T00:00:00.000Z'] },
    });
    expect(toSwitchyardContext({ bad: new Date(NaN) })).toEqual({ bad: null });
  });
});

describe('the provider on its own', () => {
  it('resolves through the client and emits CONFIGURATION_CHANGED with flagsChanged once initialized', async () => {
    const td = createTestData();
    td.update(td.flag('a'));
    const provider = createOpenFeatureProvider(createClient({ testData: td, logger: silentLogger }));
    const changed = vi.fn();
    provider.events.addHandler(ProviderEvents.ConfigurationChanged, changed);
    td.update(td.flag('a').variationForAll(false)); // before initialize: OpenFeature has not got the provider yet
    await provider.initialize();
    td.update(td.flag('a').variationForAll(true));
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
    expect(changed.mock.calls[0]![0]).toMatchObject({ flagsChanged: ['a'] });
    expect(await provider.resolveBooleanEvaluation('a', false, { targetingKey: 'u' }, console)).toMatchObject({ value: true, variant: 'on' });
    expect(await provider.resolveStringEvaluation('a', 'x', {}, console)).toMatchObject({ value: 'x', errorCode: ErrorCode.TYPE_MISMATCH });
    await provider.onClose();
    expect(provider.client.status()).toBe('ready'); // not owned: left open
  });

  it('owns and closes a client it created from options', async () => {
    const provider = createOpenFeatureProvider({ testData: createTestData(), logger: silentLogger });
    await provider.initialize();
    await provider.onClose();
    expect(provider.client.status()).toBe('closed');
  });

  it('initialize rejects with a GeneralError when the first sync does not come in time', async () => {
    const provider = createOpenFeatureProvider({ sdkKey: 'sys_x', baseUrl: 'http://127.0.0.1:9', logger: silentLogger }, { initTimeoutMs: 50 });
    await expect(provider.initialize()).rejects.toMatchObject({ code: ErrorCode.GENERAL });
    await provider.onClose();
  });

  it('misconfiguration throws at creation', () => {
    expect(() => createOpenFeatureProvider({ baseUrl: 'https://x' })).toThrow(/sdkKey is required/);
  });
});
