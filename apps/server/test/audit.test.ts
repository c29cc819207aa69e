import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/flags', flagBody('audited'));
  const cfg = (await s.get('/api/v1/flags/audited/environments/production')).body;
  await s.post('/api/v1/flags/audited/environments/production/toggle', { enabled: true, baseVersion: cfg.version, reason: 'launch day' });
  await s.post('/api/v1/flags/audited/environments/production/kill', { reason: 'incident 42' });
});
afterAll(() => s.close());

describe('audit log', () => {
  it('records actor, action, environment, before, after and reason for each change', async () => {
    const res = await s.get('/api/v1/flags/audited/audit');
    expect(res.status).toBe(200);
    const [kill, toggle, create] = res.body.items;
    expect(create).toMatchObject({ action: 'flag.create', actor: 'bootstrap', flagKey: 'audited', envKey: null, before: null });
    expect(create.after.owner).toBe('team-checkout');
    expect(toggle).toMatchObject({ action: 'flag.enable', envKey: 'production', reason: 'launch day' });
    expect(toggle.before.enabled).toBe(false);
    expect(toggle.after.enabled).toBe(true);
    expect(kill).toMatchObject({ action: 'flag.kill', reason: 'incident 42' });
    expect(kill.before.killed).toBeNull();
    expect(kill.after.killed.reason).toBe('incident 42');
    expect(kill.prevHash).toBe(toggle.hash);
  });

  it('filters the global log and pages through it', async () => {
    const kills = await s.get('/api/v1/audit?action=flag.kill');
    expect(kills.body.items).toHaveLength(1);
    const keys = await s.get('/api/v1/audit?resource=key&limit=2');
    expect(keys.body.items).toHaveLength(2);
    expect(keys.body.nextBefore).toBe(keys.body.items[1].seq);
    const next = await s.get(`/api/v1/audit?resource=key&limit=2&before=${keys.body.nextBefore}`);
    expect(next.body.items.every((e: any) => e.seq < keys.body.nextBefore)).toBe(true);
    const bad = await s.get('/api/v1/audit?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.since');
  });

  it('exports the whole log as NDJSON, oldest first, ending with the verdict', async () => {
    const res = await s.get('/api/v1/audit/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.raw.trim().split('\n').map((l) => JSON.parse(l));
    const verdict = lines.pop();
    const total = (await s.get('/api/v1/audit/verify')).body.entries;
    expect(verdict.verification).toMatchObject({ ok: true, entries: total, breaks: [] });
    expect(lines).toHaveLength(total);
    expect(lines.map((e) => e.seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it('has no API that edits or deletes an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await s.request(method, '/api/v1/audit/1', { body: { reason: 'x' } });
      expect(res.status).toBe(404);
    }
  });

  it('verifies the chain, and names the row when one is edited directly in the database', async () => {
    const ok = await s.get('/api/v1/audit/verify');
    expect(ok.body).toMatchObject({ ok: true, breaks: [], breakCount: 0 });
    expect(ok.body.entries).toBeGreaterThan(5);

    const target = (await s.database.exec("select seq from audit_log where action = 'flag.kill'"))[0] as { seq: number };
    await s.database.exec("update audit_log set reason = 'nothing to see' where seq = ?", [target.seq]);

    const broken = await s.get('/api/v1/audit/verify');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.breaks).toEqual([{ seq: target.seq, problem: 'hash-mismatch', message: expect.stringContaining(`entry ${target.seq}`) }]);
  });

  it('detects a deleted row as a gap, and still reports the earlier edit: every break, not the first', async () => {
    const target = (await s.database.exec("select seq from audit_log where action = 'flag.kill'"))[0] as { seq: number };
    await s.database.exec('delete from audit_log where seq = 2');
    const broken = await s.get('/api/v1/audit/verify');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.breaks.map((b: any) => [b.seq, b.problem])).toEqual([
      [3, 'seq-gap'],
      [target.seq, 'hash-mismatch'],
    ]);
    expect(broken.body.breakCount).toBe(2);
    // The export checks the same way as it is read, and says so in its last line.
    const exported = (await s.get('/api/v1/audit/export')).raw.trim().split('\n');
    expect(JSON.parse(exported[exported.length - 1]!).verification).toEqual(broken.body);
  });
});
