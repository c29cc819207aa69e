import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A key's name is the actor its changes are recorded under: unique among live keys, never one the
 * server acts under. Key metadata is for admins, in `GET /keys` and in the audit log alike.
 */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const createKey = (name: string, kind: 'admin' | 'server' = 'admin') =>
  s.post('/api/v1/keys', kind === 'admin' ? { kind, role: 'viewer', name } : { kind, environment: 'production', name });

describe('key names', () => {
  it('are unique among live keys: the same name, in another case, width or with invisible characters, is refused naming body.name', async () => {
    const alice = await createKey('Alice');
    expect(alice.status).toBe(201);
    for (const name of ['Alice', 'alice', ' ALICE ', 'ａｌｉｃｅ', 'Al\u200bice', 'alice\u00a0']) {
      const res = await createKey(name, name.length % 2 === 0 ? 'admin' : 'server');
      expect(res.status, name).toBe(409);
      expect(res.body.code).toBe('ALREADY_EXISTS');
      expect(res.body.details).toEqual([{ path: 'body.name', message: expect.stringContaining(alice.body.key.id) }]);
    }
    expect((await createKey('Alice B.')).status).toBe(201);
  });

  it('frees a name when its key is revoked (the audit log tells the two apart by key id)', async () => {
    const first = await createKey('rotating-service', 'server');
    expect((await s.post(`/api/v1/keys/${first.body.key.id}/revoke`, { reason: 'rotated' })).status).toBe(200);
    const second = await createKey('rotating-service', 'server');
    expect(second.status).toBe(201);
    expect(second.body.key.id).not.toBe(first.body.key.id);
  });

  it.each(['system', 'System', 'bootstrap', ' BOOTSTRAP', 'system:release/42', 'trigger:9', 'Trigger:deploy', 'ｓｙｓｔｅｍ', 'sys\u200btem'])(
    'refuses %j, an actor the server records itself, with 400 naming body.name',
    async (name) => {
      const res = await createKey(name);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ path: 'body.name', message: expect.stringContaining('is reserved') }]);
    },
  );

  it('refuses a blank name', async () => {
    const res = await createKey('\u200b \u00a0');
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(['body.name']);
  });

  it('still lets a deployment preset its admin token: the first-start key keeps its reserved name', async () => {
    const preset = 'preset-admin-token-0123456789';
    expect(await s.services.keys.bootstrap(SYSTEM_ACTOR, preset)).toBe(preset);
    const bootstraps = (await s.get('/api/v1/keys')).body.items.filter((k: { name: string }) => k.name === 'bootstrap');
    expect(bootstraps).toHaveLength(2);
  });
});

describe('key metadata in the audit log', () => {
  it('is shown to admins and left out for every other role, in the list, the flag-less filters and the export', async () => {
    const created = await createKey('auditor-visible', 'server');
    await s.post(`/api/v1/keys/${created.body.key.id}/revoke`, { reason: 'done with it' });
    const admin = (await s.get('/api/v1/audit?resource=key')).body.items;
    const revoke = admin.find((e: any) => e.action === 'key.revoke' && e.targetKey === created.body.key.id);
    expect(revoke.after).toMatchObject({ name: 'auditor-visible', kind: 'server', envKey: 'production', hint: expect.any(String) });
    expect(revoke.redacted).toBeUndefined();

    for (const role of ['viewer', 'responder', 'editor'] as const) {
      const items = (await s.get('/api/v1/audit?resource=key', s.tokens[role])).body.items;
      expect(items.length).toBe(admin.length);
      for (const e of items) {
        expect(e).toMatchObject({ resource: 'key', before: null, after: null, redacted: true });
        expect(JSON.stringify(e)).not.toContain('"hint"');
      }
      const seen = items.find((e: any) => e.seq === revoke.seq);
      // Who did what, when and why stays, as do the hashes that chain it.
      expect(seen).toMatchObject({ actor: revoke.actor, action: 'key.revoke', targetKey: revoke.targetKey, reason: 'done with it', hash: revoke.hash, prevHash: revoke.prevHash });
      const all = (await s.get('/api/v1/audit?limit=500', s.tokens[role])).body.items;
      expect(all.filter((e: any) => e.resource === 'key').every((e: any) => e.redacted === true && e.after === null)).toBe(true);
      expect(all.filter((e: any) => e.resource !== 'key').every((e: any) => e.redacted === undefined)).toBe(true);
    }

    const exported = (await s.get('/api/v1/audit/export', s.tokens.viewer)).raw.trim().split('\n').map((l) => JSON.parse(l));
    const verdict = exported.pop();
    expect(exported.filter((e) => e.resource === 'key').every((e) => e.redacted === true && e.after === null && e.before === null)).toBe(true);
    expect(exported.some((e) => e.resource === 'key')).toBe(true);
    // The chain's links are all there, and the server vouches for the content it left out.
    for (let i = 1; i < exported.length; i++) expect(exported[i].prevHash).toBe(exported[i - 1].hash);
    expect(verdict.verification).toMatchObject({ ok: true });
    const adminExport = (await s.get('/api/v1/audit/export')).raw;
    expect(adminExport).toContain('"name":"auditor-visible"');
  });
});
