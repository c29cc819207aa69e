import { afterAll, beforeAll, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // Other flags' changes move the environment version, never this flag's revision.
  for (const key of ['rev-noise-1', 'rev-noise-2', 'rev-noise-3']) expect((await s.post('/api/v1/flags', flagBody(key))).status).toBe(201);
});
afterAll(() => s.close());

const url = '/api/v1/flags/rev-checkout/environments/production';

it("counts each flag's own revision per environment (a new flag is revision 1) beside the environment version SDKs track", async () => {
  expect((await s.post('/api/v1/flags', flagBody('rev-checkout'))).status).toBe(201);
  const created = (await s.get(url)).body;
  expect(created.revision).toBe(1);
  expect(created.version).toBeGreaterThan(3);
  expect((await s.get('/api/v1/flags/rev-checkout')).body.environments.production).toMatchObject({ revision: 1, version: created.version });

  const on = await s.post(`${url}/toggle`, { enabled: true, baseVersion: created.version });
  expect(on.body).toMatchObject({ revision: 2, enabled: true });
  const noise = (await s.get('/api/v1/flags/rev-noise-1/environments/production')).body;
  await s.post('/api/v1/flags/rev-noise-1/environments/production/toggle', { enabled: true, baseVersion: noise.version });
  const edited = await s.patch(url, { baseVersion: on.body.version, rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NO'] }], serve: { variation: 1 } }] });
  expect(edited.status).toBe(200);
  expect(edited.body.revision).toBe(3);
  // A repeated toggle writes nothing: no new revision.
  expect((await s.post(`${url}/toggle`, { enabled: true, baseVersion: edited.body.version })).body).toMatchObject({ changed: false, revision: 3 });
  // Other environments keep their own count; the SDK payload carries the environment version only.
  expect((await s.get('/api/v1/flags/rev-checkout/environments/staging')).body.revision).toBe(1);
  // Config audit entries record the config, not the bookkeeping.
  const audit = (await s.get('/api/v1/audit?flag=rev-checkout&resource=flag-config')).body.items as { before: unknown; after: unknown }[];
  expect(audit.length).toBeGreaterThanOrEqual(2);
  expect(JSON.stringify(audit)).not.toContain('"revision"');
});
