import { expect, it } from 'vitest';
import type { AuditFilter } from '../../src/db/stores';
import { describeContract } from './support/contract';
import { at, auditEntry, change } from './support/records';

describeContract('AuditStore', (ctx) => {
  const seqs = (f: Partial<AuditFilter>) => ctx.db.read(async (s) => (await s.audit.list({ limit: 100, ...f })).map((e) => e.seq));

  /** 1..10: flag f1 on odd seqs, f2 on even; env production on seq 3..6; actor bob from seq 8; action flag.kill on 5. */
  const seed = () =>
    ctx.write(async (tx) => {
      for (let seq = 1; seq <= 10; seq++)
        await tx.audit.append(
          auditEntry(seq, {
            flagKey: seq % 2 === 1 ? 'f1' : 'f2',
            envKey: seq >= 3 && seq <= 6 ? 'production' : null,
            actor: seq >= 8 ? 'bob' : 'alice',
            action: seq === 5 ? 'flag.kill' : 'flag.update',
            resource: seq === 10 ? 'key' : 'flag',
          }),
        );
    });

  it('has no head and no entries on an empty log', async () => {
    expect(await ctx.db.read((s) => s.audit.head())).toBeUndefined();
    expect(await ctx.db.read((s) => s.audit.count())).toBe(0);
    expect(await seqs({})).toEqual([]);
  });

  it('appends; head is the newest entry; entries come back byte for byte', async () => {
    await ctx.write((tx) => tx.audit.append(auditEntry(1)));
    expect(await ctx.db.read((s) => s.audit.head())).toEqual({ seq: 1, hash: 'hash-1' });
    const second = auditEntry(2, { actorKeyId: null, flagKey: null, envKey: 'production', targetKey: 'k9', before: null, after: '[1,  2]', reason: 'why not' });
    await ctx.write(async (tx) => {
      await tx.audit.append(second);
      expect(await tx.audit.head()).toEqual({ seq: 2, hash: 'hash-2' });
    });
    expect(await ctx.db.read((s) => s.audit.list({ limit: 10 }))).toEqual([auditEntry(1), second]);
    expect(await ctx.db.read((s) => s.audit.count())).toBe(2);
  });

  it('appendMany writes consecutive entries in order, byte for byte (and nothing for none)', async () => {
    await ctx.write((tx) => tx.audit.append(auditEntry(1)));
    const more = [2, 3, 4].map((seq) => auditEntry(seq, { after: `{"n":${seq}, "text":"é"}`, reason: seq === 3 ? null : `r${seq}` }));
    await ctx.write(async (tx) => {
      await tx.audit.appendMany([]);
      await tx.audit.appendMany(more);
    });
    expect(await ctx.db.read((s) => s.audit.list({ limit: 10 }))).toEqual([auditEntry(1), ...more]);
    expect(await ctx.db.read((s) => s.audit.head())).toEqual({ seq: 4, hash: 'hash-4' });
    await expect(ctx.write((tx) => tx.audit.appendMany([auditEntry(5), auditEntry(4)]))).rejects.toThrow();
    expect(await ctx.db.read((s) => s.audit.count())).toBe(4);
  });

  it('refuses a second entry with the same seq', async () => {
    await ctx.write((tx) => tx.audit.append(auditEntry(1)));
    await expect(ctx.write((tx) => tx.audit.append(auditEntry(1, { hash: 'other' })))).rejects.toThrow();
  });

  it('filters by flag, environment, actor, action and resource', async () => {
    await seed();
    expect(await seqs({ flagKey: 'f1' })).toEqual([1, 3, 5, 7, 9]);
    expect(await seqs({ envKey: 'production' })).toEqual([3, 4, 5, 6]);
    expect(await seqs({ actor: 'bob' })).toEqual([8, 9, 10]);
    expect(await seqs({ action: 'flag.kill' })).toEqual([5]);
    expect(await seqs({ resource: 'key' })).toEqual([10]);
    expect(await seqs({ flagKey: 'f2', envKey: 'production' })).toEqual([4, 6]);
    expect(await seqs({ flagKey: 'nope' })).toEqual([]);
  });

  it('filters by time, both bounds inclusive', async () => {
    await seed();
    expect(await seqs({ since: at(4), until: at(6) })).toEqual([4, 5, 6]);
    expect(await seqs({ since: at(9) })).toEqual([9, 10]);
    expect(await seqs({ until: at(1) })).toEqual([1]);
  });

  it('orders by seq either way, limits, and pages with afterSeq / beforeSeq', async () => {
    await seed();
    expect(await seqs({ order: 'asc', limit: 3 })).toEqual([1, 2, 3]);
    expect(await seqs({ order: 'desc', limit: 3 })).toEqual([10, 9, 8]);
    expect(await seqs({ afterSeq: 7 })).toEqual([8, 9, 10]);
    expect(await seqs({ beforeSeq: 3, order: 'desc' })).toEqual([2, 1]);
    expect(await seqs({ afterSeq: 2, beforeSeq: 6, flagKey: 'f1' })).toEqual([3, 5]);
    // Walk the whole log backwards, 4 at a time.
    const pages: number[][] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await seqs({ order: 'desc', limit: 4, ...(cursor === undefined ? {} : { beforeSeq: cursor }) });
      if (page.length === 0) break;
      pages.push(page);
      cursor = page[page.length - 1];
    }
    expect(pages).toEqual([
      [10, 9, 8, 7],
      [6, 5, 4, 3],
      [2, 1],
    ]);
    expect(await ctx.db.read((s) => s.audit.count())).toBe(10);
  });
});

describeContract('ChangeStore', (ctx) => {
  it('returns an environment\'s changes after a version, ascending, at most limit', async () => {
    await ctx.write(async (tx) => {
      for (const v of [3, 1, 2, 5, 4]) await tx.changes.append(change('production', v));
      await tx.changes.append(change('staging', 1, { kind: 'segment', key: 'beta', op: 'delete', payload: null }));
    });
    const versions = (afterVersion: number, limit = 100) => ctx.db.read(async (s) => (await s.changes.since('production', afterVersion, limit)).map((c) => c.version));
    expect(await versions(0)).toEqual([1, 2, 3, 4, 5]);
    expect(await versions(2)).toEqual([3, 4, 5]);
    expect(await versions(2, 2)).toEqual([3, 4]);
    expect(await versions(5)).toEqual([]);
    expect(await ctx.db.read((s) => s.changes.since('production', 3, 1))).toEqual([change('production', 4)]);
    expect(await ctx.db.read((s) => s.changes.since('staging', 0, 10))).toEqual([change('staging', 1, { kind: 'segment', key: 'beta', op: 'delete', payload: null })]);
    expect(await ctx.db.read((s) => s.changes.since('development', 0, 10))).toEqual([]);
  });

  it('refuses a second change with the same environment and version', async () => {
    await ctx.write((tx) => tx.changes.append(change('production', 1)));
    await expect(ctx.write((tx) => tx.changes.append(change('production', 1, { key: 'other' })))).rejects.toThrow();
    await ctx.write((tx) => tx.changes.append(change('staging', 1)));
  });
});
