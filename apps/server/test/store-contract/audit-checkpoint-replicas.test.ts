import type { AuditAction } from '@switchyard/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createAuditService } from '../../src/features/audit/audit-service';
import { loadSigningKey } from '../../src/features/audit/checkpoint-keys';
import type { Actor } from '../../src/features/auth/actor';
import { describeContract } from './support/contract';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-checkpoint-replicas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const actor = (i: number): Actor => ({ name: `writer-${i}`, keyId: null, role: 'admin' });

/**
 * Several replicas (on PostgreSQL two `Database`s, i.e. two pools, on one database) sharing one signing key write checkpoints as they go, and on their timers, at the same
 * time: never two for one entry, never a conflict, and one chain that verifies on each of them.
 */
describeContract('audit checkpoints from several replicas', (ctx) => {
  it('never writes two checkpoints for one entry, and both replicas verify the one chain', async () => {
    const key = loadSigningKey(join(dir, `${ctx.dialect}.pem`), { create: true }).signer;
    // SQLite is one server process (docs/storage.md): its "replicas" are two audit services on its one connection.
    const replicas = [ctx.db, ctx.dialect === 'postgres' ? await ctx.opened.openAnother() : ctx.db];
    const audits = replicas.map((db, i) => createAuditService({ db, now: () => new Date(), checkpoints: { signer: key, every: 7, headFile: join(dir, `${ctx.dialect}-head-${i}.json`) } }));
    const writer = async (w: number) => {
      for (let round = 0; round < 6; round++) {
        const i = w % 2;
        await replicas[i]!.transaction((tx) => audits[i]!.record(tx, actor(w), { action: 'test.write' as AuditAction, resource: 'flag', after: { w, round } }));
        // Both replicas' timers fire whenever they like.
        await Promise.all(audits.map((a) => a.checkpoint()));
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    const written = await Promise.all(audits.map((a) => a.checkpoint()));
    const checkpoints = await ctx.db.read((s) => s.audit.listCheckpoints(0, 1_000));
    const seqs = checkpoints.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Every 7th entry, plus whatever the timers covered in between; the newest is covered, once.
    for (let seq = 7; seq <= 48; seq += 7) expect(seqs).toContain(seq);
    expect(seqs.at(-1)).toBe(48);
    expect(written.filter((c) => c !== null).length).toBeLessThanOrEqual(1);
    for (const audit of audits) expect(await audit.verify()).toMatchObject({ ok: true, entries: 48, breaks: [], checkpoints: { newest: { seq: 48 }, unanchored: 0 } });
  });
});
