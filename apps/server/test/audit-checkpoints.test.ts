import type { AuditAction } from '@switchyard/api';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/db/records';
import { hashEntry } from '../src/features/audit/audit-chain';
import { checkpointMessage } from '@switchyard/core';
import type { CheckpointOptions } from '../src/features/audit/audit-checkpoints';
import { loadSigningKey, type CheckpointSigner } from '../src/features/audit/checkpoint-keys';
import { createServices } from '../src/services';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Signed checkpoints anchor the audit chain outside its table. Someone with write access to the
 * database (tampering here goes through `database.exec`, a separate connection) can delete the
 * newest rows or rewrite one and recompute every hash after it: the chain alone still verifies,
 * the checkpoints do not. Runs on SQLite, and on PostgreSQL with SWITCHYARD_TEST_DATABASE=postgres.
 */
const dir = mkdtempSync(join(tmpdir(), 'switchyard-checkpoints-'));
let n = 0;
const signer = (name = `key-${n++}`): CheckpointSigner => loadSigningKey(join(dir, `${name}.pem`), { create: true }).signer;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A server signing a checkpoint on every 5th entry; the timer only where a test asks for it. */
async function start(options: Partial<CheckpointOptions> = {}): Promise<TestServer & { key: CheckpointSigner; headFile: string }> {
  const key = options.signer ?? signer();
  const headFile = join(dir, `head-${n++}.json`);
  const s = await startTestServer({ checkpoints: { signer: key, every: 5, intervalMs: 3_600_000, headFile, ...options } });
  servers.push(s);
  return Object.assign(s, { key, headFile });
}

/** `count` audited changes: toggles of one flag. */
async function changes(s: TestServer, count: number, flag = 'cp'): Promise<void> {
  if ((await s.get(`/api/v1/flags/${flag}`)).status === 404) {
    await s.post('/api/v1/flags', flagBody(flag));
    count--;
  }
  const url = `/api/v1/flags/${flag}/environments/production`;
  for (let i = 0; i < count; i++) {
    const { version, enabled } = (await s.get(url)).body;
    expect((await s.post(`${url}/toggle`, { enabled: !enabled, baseVersion: version })).status).toBe(200);
  }
}

const verify = async (s: TestServer) => (await s.get('/api/v1/audit/verify')).body;
const problems = (v: { breaks: { seq: number; problem: string }[] }) => v.breaks.map((b) => [b.seq, b.problem]);
const checkpointSeqs = async (s: TestServer) => (await s.database.exec('select seq from audit_checkpoints order by seq')).map((r) => Number(r.seq));
const auditHead = async (s: TestServer) => Number((await s.database.exec('select max(seq) as n from audit_log'))[0]!.n);

/** The stored rows as records (a separate connection, as an attacker would read them). */
async function rows(s: TestServer): Promise<AuditRecord[]> {
  const raw = await s.database.exec('select * from audit_log order by seq');
  return raw.map((r) => ({
    seq: Number(r.seq),
    at: r.at as string,
    actor: r.actor as string,
    actorKeyId: (r.actor_key_id as string | null) ?? null,
    action: r.action as string,
    resource: r.resource as string,
    flagKey: (r.flag_key as string | null) ?? null,
    envKey: (r.env_key as string | null) ?? null,
    targetKey: (r.target_key as string | null) ?? null,
    before: (r.before as string | null) ?? null,
    after: (r.after as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  }));
}

/** Rewrites entry `seq`'s reason and recomputes the hash of it and of every entry after it, in the database. */
async function rewriteAndRehash(s: TestServer, seq: number, reason: string): Promise<void> {
  let prevHash: string | undefined;
  for (const row of await rows(s)) {
    if (row.seq < seq) continue;
    const base = { ...row, reason: row.seq === seq ? reason : row.reason, prevHash: prevHash ?? row.prevHash };
    prevHash = hashEntry(base);
    await s.database.exec('update audit_log set reason = ?, prev_hash = ?, hash = ? where seq = ?', [base.reason, base.prevHash, prevHash, row.seq]);
  }
}

describe('signed audit checkpoints', () => {
  it('are written on every 5th entry with it, signed with the key; verify says how far they anchor the chain', async () => {
    const s = await start();
    await changes(s, 12);
    const head = await auditHead(s);
    const expected = Array.from({ length: Math.floor(head / 5) }, (_, i) => (i + 1) * 5);
    expect(await checkpointSeqs(s)).toEqual(expected);
    const [stored] = await s.database.exec('select * from audit_checkpoints where seq = ?', [expected.at(-1)]);
    const [entry] = await s.database.exec('select hash from audit_log where seq = ?', [expected.at(-1)]);
    expect(stored).toMatchObject({ hash: entry!.hash, key_id: s.key.keyId });
    const v = await verify(s);
    expect(v).toMatchObject({ ok: true, breaks: [], entries: head });
    expect(v.checkpoints).toEqual({ signing: true, publicKey: s.key.publicKey, checked: expected.length, newest: { seq: expected.at(-1), at: stored!.at }, unanchored: head - expected.at(-1)! });
  });

  it('are written inside a plan too, after the entries they cover, when its entries cross every 5th seq', async () => {
    const s = await start();
    const changesOfPlan = Array.from({ length: 12 }, (_, i) => ({ op: 'flag.create', key: `plan-${i}`, type: 'release', owner: 'team-plan' }));
    const res = await s.post('/api/v1/environments/production/apply', { changes: changesOfPlan, reason: 'a plan across checkpoints' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const head = await auditHead(s);
    expect(await checkpointSeqs(s)).toEqual(Array.from({ length: Math.floor(head / 5) }, (_, i) => (i + 1) * 5));
    expect(await verify(s)).toMatchObject({ ok: true, breaks: [], entries: head });
  });

  it('cover entries left unanchored within the interval, and once more as the server closes', async () => {
    const s = await start({ intervalMs: 150 });
    await changes(s, 2); // with the role tokens' keys: not a multiple of 5
    const head = await auditHead(s);
    expect(head % 5).not.toBe(0);
    for (let i = 0; i < 200 && !(await checkpointSeqs(s)).includes(head); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await checkpointSeqs(s)).toContain(head);
    const again = (await checkpointSeqs(s)).length;
    await new Promise((r) => setTimeout(r, 400)); // nothing new: no new checkpoint
    expect((await checkpointSeqs(s)).length).toBe(again);
    await changes(s, 1);
    const last = await auditHead(s);
    await s.app.close();
    expect((await checkpointSeqs(s)).at(-1)).toBe(last);
  });

  it('detect a truncation: the newest entries deleted, though a checkpoint covers them', async () => {
    const s = await start();
    await changes(s, 12);
    const head = await auditHead(s);
    expect((await verify(s)).ok).toBe(true);
    await s.database.exec('delete from audit_log where seq > ?', [7]);
    const v = await verify(s);
    expect(v.ok).toBe(false);
    const covered = (await checkpointSeqs(s)).filter((seq) => seq > 7 && seq <= head);
    expect(problems(v)).toEqual(covered.map((seq) => [seq, 'checkpoint-entry-missing']));
    expect(v.breaks[0].message).toMatch(/truncated/);
  });

  it('detect a truncation that deletes the checkpoints too: the newest is remembered outside the database, across restarts', async () => {
    const s = await start();
    await changes(s, 12);
    expect((await verify(s)).ok).toBe(true);
    const newest = (await checkpointSeqs(s)).at(-1)!;
    await s.database.exec('delete from audit_checkpoints where seq > ?', [5]);
    await s.database.exec('delete from audit_log where seq > ?', [5]);
    const v = await verify(s);
    expect(v.ok).toBe(false);
    expect(problems(v)).toEqual([
      [newest, 'checkpoint-missing'],
      [newest, 'checkpoint-entry-missing'],
    ]);
    expect(v.breaks.find((b: { problem: string }) => b.problem === 'checkpoint-missing').message).toContain(s.headFile);

    // A restart forgets what the process remembered; the head file beside the key does not.
    const restarted = createServices({ db: s.database.db, checkpoints: { signer: s.key, every: 5, headFile: s.headFile } });
    expect(problems(await restarted.audit.verify())).toEqual(problems(v));
    const amnesiac = createServices({ db: s.database.db, checkpoints: { signer: s.key, every: 5 } });
    expect((await amnesiac.audit.verify()).ok).toBe(true); // documented: without the head file, what is left is consistent
  });

  it('detect an entry rewritten and the whole chain after it recomputed', async () => {
    const s = await start();
    await changes(s, 13);
    const seqs = await checkpointSeqs(s);
    await rewriteAndRehash(s, 7, 'nothing happened here');
    const v = await verify(s);
    expect(v.ok).toBe(false);
    // The chain itself is consistent again: only the signed checkpoints at or after entry 7 disagree.
    expect(problems(v)).toEqual(seqs.filter((seq) => seq >= 7).map((seq) => [seq, 'checkpoint-mismatch']));
    expect(v.checkpoints.newest.seq).toBe(5);
    // Without checkpoints the same rewrite is invisible: what this feature adds.
    const unsigned = createServices({ db: s.database.db });
    await s.database.exec('delete from audit_checkpoints');
    expect((await unsigned.audit.verify()).ok).toBe(true);
  });

  it('detect checkpoints forged with another key, or altered', async () => {
    const s = await start();
    await changes(s, 12);
    const head = await auditHead(s);
    await rewriteAndRehash(s, 11, 'rewritten');
    // The attacker signs their own checkpoint over the recomputed head, and edits a genuine one.
    const mallory = signer('mallory');
    const [row] = await s.database.exec('select hash from audit_log where seq = ?', [head]);
    const forged = { seq: head, hash: row!.hash as string, at: new Date().toISOString() };
    await s.database.exec('delete from audit_checkpoints where seq = ?', [head]);
    await s.database.exec('insert into audit_checkpoints (seq, hash, at, key_id, signature) values (?, ?, ?, ?, ?)', [head, forged.hash, forged.at, mallory.keyId, mallory.sign(checkpointMessage(forged))]);
    await s.database.exec("update audit_checkpoints set at = '2020-01-01T00:00:00.000Z' where seq = 5");
    const v = await verify(s);
    expect(problems(v)).toEqual(expect.arrayContaining([[5, 'checkpoint-signature'], [head, 'checkpoint-unknown-key']]));
    expect(v.ok).toBe(false);
  });

  it('verify across a key rotation when the retired key is trusted (AUDIT_TRUSTED_KEYS), and say so when it is not', async () => {
    const s = await start();
    await changes(s, 10);
    const next = signer();
    const rotated = createServices({ db: s.database.db, checkpoints: { signer: next, every: 5, trustedKeys: [s.key.publicKey] } });
    await rotated.db.transaction((tx) => rotated.audit.record(tx, { name: 'x', keyId: null, role: 'admin' }, { action: 'test.rotate' as AuditAction, resource: 'flag' }));
    expect(await rotated.audit.checkpoint()).toMatchObject({ keyId: next.keyId });
    expect(await rotated.audit.verify()).toMatchObject({ ok: true, checkpoints: { publicKey: next.publicKey } });
    const forgetful = createServices({ db: s.database.db, checkpoints: { signer: next, every: 5 } });
    const v = await forgetful.audit.verify();
    expect(v.ok).toBe(false);
    expect(new Set(v.breaks.map((b) => b.problem))).toEqual(new Set(['checkpoint-unknown-key']));
  });

  it('go into the export, each after the entry it covers, and the export ends with the same verdict as verify', async () => {
    const s = await start();
    await changes(s, 12);
    const lines = (await s.get('/api/v1/audit/export')).raw.trim().split('\n').map((l) => JSON.parse(l));
    const verdict = lines.pop();
    expect(verdict).toEqual({ verification: await verify(s) });
    const seqs = await checkpointSeqs(s);
    expect(lines.filter((l) => 'checkpoint' in l).map((l) => l.checkpoint.seq)).toEqual(seqs);
    for (const [i, line] of lines.entries()) if ('checkpoint' in line) expect(lines[i - 1].seq).toBe(line.checkpoint.seq);
    // Enough to check offline with the public key alone, as docs/security.md describes: no server code.
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: s.key.publicKey.slice('ed25519:'.length) }, format: 'jwk' });
    for (const { checkpoint: cp } of lines.filter((l) => 'checkpoint' in l)) {
      expect(cp).toEqual({ seq: cp.seq, hash: lines.find((l) => l.seq === cp.seq).hash, at: expect.any(String), keyId: s.key.keyId, signature: expect.any(String) });
      const message = Buffer.from(`switchyard-audit-checkpoint/1\n${cp.seq}\n${cp.hash}\n${cp.at}`);
      expect(verifySignature(null, message, publicKey, Buffer.from(cp.signature, 'base64url'))).toBe(true);
      expect(verifySignature(null, Buffer.from(`switchyard-audit-checkpoint/1\n${cp.seq}\n${'0'.repeat(64)}\n${cp.at}`), publicKey, Buffer.from(cp.signature, 'base64url'))).toBe(false);
    }
    const entries = lines.filter((l) => 'seq' in l);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    await s.database.exec('delete from audit_log where seq > ?', [3]);
    const after = (await s.get('/api/v1/audit/export')).raw.trim().split('\n');
    expect(JSON.parse(after.at(-1)!).verification).toMatchObject({ ok: false, breaks: expect.arrayContaining([expect.objectContaining({ problem: 'checkpoint-entry-missing' })]) });
  });
});
