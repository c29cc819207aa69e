import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Archiving a killed flag (issue 26, item 6): archived, a flag vanishes from SDKs, which then serve
 * the caller's code default instead of the kill's off value — an archive would undo the kill. The
 * server refuses it, from any client, unless forced with a reason, and audits the force.
 */
let s: TestServer;
let serverKey: string;

beforeAll(async () => {
  s = await startTestServer();
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'staging', name: 'svc' })).body.secret;
});
afterAll(() => s.close());

describe('archiving a killed flag', () => {
  it('is refused with FLAG_KILLED naming the environments, and changes nothing', async () => {
    expect((await s.post('/api/v1/flags', flagBody('pay-v2'))).status).toBe(201);
    expect((await s.post('/api/v1/flags/pay-v2/environments/staging/kill', { reason: 'INC-9' }, s.tokens.responder)).status).toBe(200);
    const refused = await s.post('/api/v1/flags/pay-v2/archive', { reason: 'cleanup' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('FLAG_KILLED');
    expect(refused.body.message).toContain('staging');
    expect(Object.keys(refused.body.details.killedIn)).toEqual(['staging']);
    const rules = (await s.request('GET', '/sdk/v1/flags', { token: serverKey })).body;
    expect(rules.flags.find((f: { key: string }) => f.key === 'pay-v2').killed).toMatchObject({ reason: 'INC-9' });
  });

  it('a force needs a reason', async () => {
    const noReason = await s.post('/api/v1/flags/pay-v2/archive', { force: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('body.reason');
  });

  it('forced with a reason, it archives and is audited as a forced archive with the kills it overrode', async () => {
    const forced = await s.post('/api/v1/flags/pay-v2/archive', { force: true, reason: 'flag removed from the code in release 42' });
    expect(forced.status).toBe(200);
    expect(forced.body.archivedAt).not.toBeNull();
    const entry = (await s.get('/api/v1/flags/pay-v2/audit?limit=1')).body.items[0];
    expect(entry).toMatchObject({ action: 'flag.archive.forced', reason: 'flag removed from the code in release 42' });
    expect(entry.after.overriddenKills.staging).toMatchObject({ reason: 'INC-9' });
  });

  it('a flag killed nowhere archives as before, force or not', async () => {
    expect((await s.post('/api/v1/flags', flagBody('pay-v3'))).status).toBe(201);
    expect((await s.post('/api/v1/flags/pay-v3/environments/staging/kill', { reason: 'INC-10' })).status).toBe(200);
    expect((await s.post('/api/v1/flags/pay-v3/environments/staging/restore', { reason: 'fixed' })).status).toBe(200);
    const archived = await s.post('/api/v1/flags/pay-v3/archive', {});
    expect(archived.status).toBe(200);
    expect((await s.get('/api/v1/flags/pay-v3/audit?limit=1')).body.items[0].action).toBe('flag.archive');
  });
});
