/**
 * Acceptance: the official OpenFeature OFREP server provider (`@openfeature/ofrep-provider`, from
 * npm, pinned) driven through the real OpenFeature server SDK against a real Switchyard server over
 * HTTP — no Switchyard code on the client side at all.
 */
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from '../../apps/server/test/support/test-server';

let s: TestServer;
let server: Client;
let browserish: Client;
const prod = (key: string) => `/api/v1/flags/${key}/environments/production`;
const version = async (key: string) => (await s.get(prod(key))).body.version as number;
const toggleOn = async (key: string) => s.post(`${prod(key)}/toggle`, { enabled: true, baseVersion: await version(key) });

beforeAll(async () => {
  s = await startTestServer({ listen: true });
  await s.post('/api/v1/flags', flagBody('new-checkout', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('button-color', { type: 'experiment', clientSide: true, variationType: 'string', variations: [{ name: 'blue', value: 'blue' }, { name: 'green', value: 'green' }] }));
  await s.post('/api/v1/flags', flagBody('max-items', { type: 'ops', expiresAt: null, variationType: 'number', variations: [{ name: 'few', value: 5 }, { name: 'many', value: 50 }] }));
  await s.post('/api/v1/flags', flagBody('limits', { type: 'ops', expiresAt: null, variationType: 'json', variations: [{ name: 'small', value: { rps: 10, burst: 20 } }, { name: 'large', value: { rps: 100, burst: 200 } }] }));
  await s.post('/api/v1/flags', flagBody('billing-internal'));
  for (const key of ['new-checkout', 'button-color', 'max-items', 'limits', 'billing-internal']) await toggleOn(key);
  await s.patch(prod('new-checkout'), { baseVersion: await version('new-checkout'), rules: [{ id: 'nl', clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
  await s.patch(prod('button-color'), { baseVersion: await version('button-color'), fallthrough: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } });
  await s.patch(prod('max-items'), { baseVersion: await version('max-items'), fallthrough: { variation: 1 } });
  await s.patch(prod('limits'), { baseVersion: await version('limits'), targets: [{ variation: 1, values: ['tenant-big'] }] });
  const serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  const clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
  await OpenFeature.setProviderAndWait('switchyard-server', new OFREPProvider({ baseUrl: s.baseUrl, headers: [['Authorization', `Bearer ${serverKey}`]] }));
  await OpenFeature.setProviderAndWait('switchyard-client-key', new OFREPProvider({ baseUrl: s.baseUrl, headers: [['X-API-Key', clientKey]] }));
  server = OpenFeature.getClient('switchyard-server');
  browserish = OpenFeature.getClient('switchyard-client-key');
});
afterAll(async () => {
  await OpenFeature.close();
  await s.close();
});

describe('the official OFREP server provider against Switchyard', () => {
  it('resolves a boolean flag with value, variant and reason (a rule match, and the fallthrough)', async () => {
    const nl = await server.getBooleanDetails('new-checkout', false, { targetingKey: 'u1', country: 'NL' });
    expect(nl).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(nl.errorCode).toBeUndefined();
    expect(nl.flagMetadata).toMatchObject({ switchyardReason: 'TARGETING_MATCH', killed: false, owner: 'team-checkout', type: 'release' });
    const de = await server.getBooleanDetails('new-checkout', true, { targetingKey: 'u1', country: 'DE' });
    expect(de).toMatchObject({ value: false, variant: 'off', reason: 'UNKNOWN', flagMetadata: expect.objectContaining({ switchyardReason: 'DEFAULT' }) });
  });

  it('resolves a string flag from a percentage rollout (SPLIT), the same variant for the same targeting key', async () => {
    const a = await server.getStringDetails('button-color', 'grey', { targetingKey: 'visitor-42' });
    expect(a.reason).toBe('SPLIT');
    expect(['blue', 'green']).toContain(a.value);
    expect(a.variant).toBe(a.value);
    expect((await server.getStringDetails('button-color', 'grey', { targetingKey: 'visitor-42' })).value).toBe(a.value);
  });

  it('resolves a number flag and an object flag (an object, by individual target)', async () => {
    expect(await server.getNumberDetails('max-items', 0, { targetingKey: 'u' })).toMatchObject({ value: 50, variant: 'many', reason: 'STATIC' });
    const big = await server.getObjectDetails('limits', {}, { targetingKey: 'tenant-big' });
    expect(big).toMatchObject({ value: { rps: 100, burst: 200 }, variant: 'large', reason: 'TARGETING_MATCH' });
    const small = await server.getObjectDetails('limits', {}, { targetingKey: 'tenant-small' });
    expect(small.value).toEqual({ rps: 10, burst: 20 });
  });

  it("a missing flag answers the caller's default with FLAG_NOT_FOUND", async () => {
    const missing = await server.getBooleanDetails('no-such-flag', true, { targetingKey: 'u' });
    expect(missing).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it("a wrong type answers the caller's default with TYPE_MISMATCH", async () => {
    const wrong = await server.getNumberDetails('new-checkout', 7, { targetingKey: 'u' });
    expect(wrong).toMatchObject({ value: 7, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
  });

  it('a kill reaches the next evaluation: the off variation, DISABLED, killed in metadata', async () => {
    await s.post(`${prod('max-items')}/kill`, { reason: 'runaway pages' });
    const killed = await server.getNumberDetails('max-items', 0, { targetingKey: 'u' });
    expect(killed).toMatchObject({ value: 5, variant: 'few', reason: 'DISABLED', flagMetadata: expect.objectContaining({ killed: true }) });
    await s.post(`${prod('max-items')}/restore`, { reason: 'fixed' });
  });

  it('a client key never sees a server-only flag: the default with FLAG_NOT_FOUND, though a server key resolves it', async () => {
    expect(await server.getBooleanValue('billing-internal', false, { targetingKey: 'u' })).toBe(true);
    const hidden = await browserish.getBooleanDetails('billing-internal', false, { targetingKey: 'u' });
    expect(hidden).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect((await browserish.getBooleanDetails('new-checkout', false, { targetingKey: 'u', country: 'NL' })).value).toBe(true);
  });
});
