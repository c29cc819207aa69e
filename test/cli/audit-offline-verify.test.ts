import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditHashInput } from '../../packages/core/src/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKey } from '../../apps/server/src/features/audit/checkpoint-keys';
import { startCliHarness, type CliHarness } from './support/cli-harness';

/**
 * `switchyard audit verify --file EXPORT --public-key KEY`: an export checked away from the server,
 * with the public key kept elsewhere (docs/security.md). Someone who rewrote the export — or the
 * database before it was exported — is caught by the checkpoints the key signed.
 */
const keyDir = mkdtempSync(join(tmpdir(), 'switchyard-cli-keys-'));
const key = loadSigningKey(join(keyDir, 'server.pem'), { create: true }).signer;
const otherKey = loadSigningKey(join(keyDir, 'other.pem'), { create: true }).signer;
let h: CliHarness;
let lines: any[];
beforeAll(async () => {
  h = await startCliHarness({ checkpoints: { signer: key, every: 4, intervalMs: 3_600_000 } });
  await h.server.post('/api/v1/flags', { key: 'offline', type: 'release', owner: 'team-a' });
  for (let i = 0; i < 5; i++) await h.server.post('/api/v1/flags/offline/environments/production/kill', { reason: `drill ${i}` }), await h.server.post('/api/v1/flags/offline/environments/production/restore', { reason: `drill ${i} over` });
  expect((await h.run(['audit', 'export', '--out', 'audit.ndjson'])).code).toBe(0);
  lines = readFileSync(join(h.dir, 'audit.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
});
afterAll(async () => {
  await h.close();
  rmSync(keyDir, { recursive: true, force: true });
});

const write = (name: string, rows: unknown[]) => writeFileSync(join(h.dir, name), `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
const offline = (file: string, publicKey = key.publicKey) => h.run(['audit', 'verify', '--file', file, ...(publicKey ? ['--public-key', publicKey] : [])], { token: null, env: { SWITCHYARD_URL: 'http://127.0.0.1:9' } });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('audit verify --file', () => {
  it('checks a whole export without the server: every hash, every link, every checkpoint signature', async () => {
    const res = await offline('audit.ndjson');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Audit log intact: \d+ entries, hash chain verified\.$/m);
    expect(res.stdout).toMatch(/Signed checkpoints anchor entries 1–\d+/);
    expect(res.stderr).toContain("The server's own verdict when it exported: intact.");
    const json = JSON.parse((await h.run(['audit', 'verify', '--file', 'audit.ndjson', '--public-key', key.publicKey, '--json'], { token: null })).stdout);
    expect(json).toMatchObject({ ok: true, breaks: [], checkpoints: { checked: lines.filter((l) => 'checkpoint' in l).length } });
    expect(json.checkpoints.checked).toBeGreaterThan(2);
  });

  it('finds an edited entry and a truncated tail, every one of them', async () => {
    const entries = lines.filter((l) => 'seq' in l);
    const edited = lines.map((l) => (l.seq === 3 ? { ...l, reason: 'nothing to see' } : l));
    const lastCheckpoint = Math.max(...lines.filter((l) => 'checkpoint' in l).map((l) => l.checkpoint.seq));
    const truncated = edited.filter((l) => !('seq' in l) || l.seq < lastCheckpoint - 1);
    write('tampered.ndjson', truncated);
    const res = await offline('tampered.ndjson');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('entry 3 (hash-mismatch)');
    expect(res.stderr).toContain(`entry ${lastCheckpoint} (checkpoint-entry-missing)`);
    expect(entries.length).toBeGreaterThan(lastCheckpoint - 2);
  });

  it('finds a rewritten chain with every hash recomputed, through the checkpoints the key signed; not without the key', async () => {
    let prevHash: string | undefined;
    const rewritten = lines
      .filter((l) => !('verification' in l))
      .map((l) => {
        if (!('seq' in l)) return l;
        const stored = { ...l, reason: l.seq === 2 ? 'rewritten' : l.reason, prevHash: prevHash ?? l.prevHash, before: l.before === null ? null : JSON.stringify(l.before), after: l.after === null ? null : JSON.stringify(l.after) };
        // `null` content: stored as NULL or as the text "null": try the one that hashed before.
        const candidates = [stored, { ...stored, before: stored.before ?? 'null' }, { ...stored, after: stored.after ?? 'null' }, { ...stored, before: stored.before ?? 'null', after: stored.after ?? 'null' }];
        const form = candidates.find((c) => sha256(auditHashInput({ ...c, reason: l.reason, prevHash: l.prevHash })) === l.hash) ?? stored;
        prevHash = sha256(auditHashInput(form));
        return { ...l, reason: stored.reason, prevHash: form.prevHash, hash: prevHash };
      });
    write('recomputed.ndjson', rewritten);
    const withKey = await offline('recomputed.ndjson');
    expect(withKey.code).toBe(1);
    expect(withKey.stderr).toMatch(/\(checkpoint-mismatch\)/);
    expect(withKey.stderr).not.toMatch(/\(hash-mismatch\)|\(prev-hash-mismatch\)/);
    const withoutKey = await offline('recomputed.ndjson', '');
    expect(withoutKey.code).toBe(0);
    expect(withoutKey.stderr).toContain('Checkpoints not checked: give --public-key');
  });

  it('refuses checkpoints signed by another key (a key someone swapped in)', async () => {
    const res = await offline('audit.ndjson', otherKey.publicKey);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/\(checkpoint-unknown-key\)/);
  });

  it("checks a viewer's export, whose key entries are redacted, by their links", async () => {
    await h.server.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'offline-svc' });
    const viewer = await h.run(['audit', 'export', '--out', 'viewer.ndjson'], { token: h.server.tokens.viewer });
    expect(viewer.code).toBe(0);
    expect(readFileSync(join(h.dir, 'viewer.ndjson'), 'utf8')).toContain('"redacted":true');
    const res = await offline('viewer.ndjson');
    expect(res.code, res.stderr).toBe(0);
  });

  it('says what is wrong with a file that is not an export (exit 2) and with --public-key alone', async () => {
    writeFileSync(join(h.dir, 'junk.ndjson'), '{"seq":1,"hash":"x"}\nnot json\n');
    const junk = await offline('junk.ndjson');
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('junk.ndjson is not an audit export');
    expect(junk.stderr).toContain('line 2');
    expect((await h.run(['audit', 'verify', '--public-key', key.publicKey])).code).toBe(2);
    expect((await offline('audit.ndjson', 'ed25519:short')).code).toBe(2);
  });
});
