import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
  await h.server.post('/api/v1/flags', { key: 'audited', type: 'release', owner: 'team-a' });
  await h.server.post('/api/v1/flags', { key: 'other', type: 'release', owner: 'team-b' });
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('switchyard audit', () => {
  it('tail shows the newest entries oldest first, filtered by flag and environment', async () => {
    await h.run(['flags', 'toggle', 'audited', '--env', 'staging', '--on', '--reason', 'try it']);
    const tail = await h.run(['audit', 'tail', '--flag', 'audited']);
    expect(tail.code).toBe(0);
    const rows = tail.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^SEQ\s+AT\s+ACTOR\s+ACTION\s+SUBJECT\s+REASON$/);
    expect(rows.slice(1).map((r) => r.split(/\s{2,}/)[3])).toEqual(['flag.create', 'flag.enable']);
    expect(rows[2]).toMatch(/bootstrap\s+flag\.enable\s+audited \[staging\]\s+try it$/);
    const json = JSON.parse((await h.run(['audit', 'tail', '--env', 'staging', '--limit', '1', '--json'])).stdout);
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ action: 'flag.enable', flagKey: 'audited', envKey: 'staging' });
    const bad = await h.run(['audit', 'tail', '--limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a whole number from 1 to 500');
  });

  it('tail --follow prints entries as changes happen, until stopped', async () => {
    const stop = new AbortController();
    let seen = '';
    const running = h.run(['audit', 'tail', '--follow', '--flag', 'other', '--limit', '1'], { signal: stop.signal, onOutput: (text) => (seen = text) });
    await until(() => seen.includes('flag.create'), 'the first page');
    await new Promise((r) => setTimeout(r, 200)); // the event stream is open
    await h.server.post('/api/v1/flags/other/environments/production/kill', { reason: 'drill: follow me' });
    await h.server.post('/api/v1/flags/audited/environments/production/kill', { reason: 'not followed' });
    await until(() => seen.includes('drill: follow me'), 'the kill to be followed');
    stop.abort();
    const res = await running;
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Following the audit log');
    expect(res.stdout).toMatch(/flag\.kill\s+other \[production\]\s+drill: follow me/);
    expect(res.stdout).not.toContain('not followed');
  });

  it('verify reports an intact chain (exit 0), export writes NDJSON to stdout or a file', async () => {
    const verify = await h.run(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Audit log intact: \d+ entries, hash chain verified\.$/m);
    // This test server signs no checkpoints: the CLI says what that leaves open.
    expect(verify.stdout).toMatch(/^No signed checkpoints checked: the newest entries could have been removed, or the chain recomputed, unseen/m);
    expect(JSON.parse((await h.run(['audit', 'verify', '--json'])).stdout)).toMatchObject({ ok: true });

    const out = await h.run(['audit', 'export', '--flag', 'audited']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.action)).toEqual(['flag.create', 'flag.enable', 'flag.kill']);
    const file = await h.run(['audit', 'export', '--out', 'audit.ndjson']);
    expect(file.code).toBe(0);
    const all = readFileSync(join(h.dir, 'audit.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // The whole log ends with the server's verdict on it, found as it was read.
    expect(all.pop().verification).toMatchObject({ ok: true, breaks: [] });
    expect(all[0].seq).toBe(1);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  });

  it('verify lists every break it found (exit 1), not just the first', async () => {
    const originals = await h.server.database.exec("select seq, reason from audit_log where action = 'flag.kill' or action = 'flag.enable' order by seq");
    const [first, second] = originals.map((r) => Number(r.seq));
    await h.server.database.exec("update audit_log set reason = 'edited' where seq in (?, ?)", [first, second]);
    try {
      const res = await h.run(['audit', 'verify']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Audit log BROKEN: 2 problems in');
      expect(res.stderr).toContain(`entry ${first} (hash-mismatch): entry ${first} was altered`);
      expect(res.stderr).toContain(`entry ${second} (hash-mismatch): entry ${second} was altered`);
      const json = await h.run(['audit', 'verify', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, breakCount: 2, breaks: [{ seq: first }, { seq: second }] });
    } finally {
      // Later tests read this server's log: put the rows back as they were.
      for (const row of originals) await h.server.database.exec('update audit_log set reason = ? where seq = ?', [row.reason, row.seq]);
      expect((await h.run(['audit', 'verify'])).code).toBe(0);
    }
  });
});

describe('switchyard keys', () => {
  it('creates a server key and prints its secret once, clearly; lists it without the secret', async () => {
    const res = await h.run(['keys', 'create', '--kind', 'server', '--env', 'production', '--name', 'checkout-service']);
    expect(res.code).toBe(0);
    const secret = /^ {4}(\S+)$/m.exec(res.stdout)?.[1];
    expect(secret).toMatch(/^sys_/);
    expect(res.stdout).toContain('shown this once');
    const rules = await fetch(`${h.server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${secret}` } });
    expect(rules.status).toBe(200);
    const list = await h.run(['keys', 'list']);
    expect(list.stdout).toMatch(/server\s+production\s+checkout-service/);
    expect(list.stdout).not.toContain(secret);
  });

  it('creates an admin token with a role; --json carries the secret for scripts', async () => {
    const res = JSON.parse((await h.run(['keys', 'create', '--kind', 'admin', '--role', 'viewer', '--name', 'dashboards', '--json'])).stdout);
    expect(res.key).toMatchObject({ kind: 'admin', role: 'viewer', name: 'dashboards' });
    const asViewer = await h.run(['flags', 'list', '--json'], { token: res.secret });
    expect(asViewer.code).toBe(0);
  });

  it('revokes with a reason; refuses a second revoke and the last admin token', async () => {
    const created = JSON.parse((await h.run(['keys', 'create', '--kind', 'client', '--env', 'staging', '--name', 'web', '--json'])).stdout);
    const revoke = await h.run(['keys', 'revoke', created.key.id, '--reason', 'rotated']);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(`Revoked ${created.key.id} ("web")`);
    const again = await h.run(['keys', 'revoke', created.key.id, '--reason', 'rotated']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ALREADY_REVOKED (409)');
    const keys = JSON.parse((await h.run(['keys', 'list', '--json'])).stdout).items as { id: string; role: string | null }[];
    const admin = keys.find((k) => k.role === 'admin')!;
    const last = await h.run(['keys', 'revoke', admin.id, '--reason', 'oops']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('LAST_ADMIN (409)');
  });

  it('usage errors: kind, role and environment must fit', async () => {
    for (const [argv, message] of [
      [['keys', 'create', '--name', 'x'], /--kind is required/],
      [['keys', 'create', '--kind', 'admin', '--name', 'x'], /--role is required for an admin token/],
      [['keys', 'create', '--kind', 'server', '--name', 'x'], /--env is required/],
      [['keys', 'create', '--kind', 'server', '--env', 'production', '--role', 'admin', '--name', 'x'], /--role is for admin tokens only/],
      [['keys', 'revoke', 'key_x'], /--reason is required/],
    ] as [string[], RegExp][]) {
      const res = await h.run(argv);
      expect(res.code, argv.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
  });
});

describe('switchyard migration', () => {
  beforeAll(async () => {
    expect((await h.run(['flags', 'create', 'orders-db', '--type', 'migration', '--owner', 'team-data'])).code).toBe(0);
  });

  it('status shows the stage, the plan and which moves are allowed', async () => {
    const res = await h.run(['migration', 'status', 'orders-db', '--env', 'production']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('orders-db in production: stage OFF');
    expect(res.stdout).toContain('reads old, returns old; writes old');
    expect(res.stdout).toMatch(/^dualwrite\s+yes\s*$/m);
    expect(res.stdout).toMatch(/^shadow\s+no\s+\S/m);
    // The figures and gates in full, one per line, never cut short.
    const view = JSON.parse((await h.run(['migration', 'status', 'orders-db', '--env', 'production', '--json'])).stdout);
    for (const [k, v] of [...Object.entries(view.figures), ...Object.entries(view.gates)]) if (k !== 'now') expect(res.stdout).toContain(`    ${k}: ${JSON.stringify(v)}`);
    expect(res.stdout).toMatch(/^ {4}now: "\d{4}-/m);
    expect(res.stdout).not.toContain('…');
    expect(JSON.parse((await h.run(['migration', 'status', 'orders-db', '--env', 'production', '--json'])).stdout)).toMatchObject({ stage: 'off' });
  });

  it('move: an allowed move lands; a refused one exits 1 with each reason, and is audited', async () => {
    const ok = await h.run(['migration', 'move', 'orders-db', '--env', 'production', '--to', 'dualwrite', '--reason', 'start dual writes']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Moved "orders-db" in production to dualwrite.');
    const refused = await h.run(['migration', 'move', 'orders-db', '--env', 'production', '--to', 'live', '--reason', 'skip ahead']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('MIGRATION_REFUSED (409)');
    expect(refused.stderr).toMatch(/refused \(skip\): /);
    const entries = (await h.auditAfter(0)).filter((e) => e.flagKey === 'orders-db').map((e) => e.action);
    expect(entries).toEqual(['flag.create', 'migration.transition', 'migration.refused']);
    const notMigration = await h.run(['migration', 'status', 'audited', '--env', 'production']);
    expect(notMigration.code).toBe(1);
    expect(notMigration.stderr).toContain('NOT_A_MIGRATION_FLAG');
    const usage = await h.run(['migration', 'move', 'orders-db', '--env', 'production', '--to', 'sideways', '--reason', 'x']);
    expect(usage.code).toBe(2);
  });
});
