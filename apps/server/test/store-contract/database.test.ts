import { expect, it } from 'vitest';
import { describeContract } from './support/contract';
import { auditEntry, change, environment, flag, T0 } from './support/records';

/** A promise and its resolver, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describeContract('Database', (ctx) => {
  it('names its dialect and answers ping', async () => {
    expect(ctx.db.dialect).toBe(ctx.dialect);
    await expect(ctx.db.ping()).resolves.toBeUndefined();
  });

  it('commits: returns fn\'s result and the writes are visible to reads and to another connection', async () => {
    const result = await ctx.write(async (tx) => {
      await tx.environments.insert(environment('production'));
      await tx.flags.insert(flag('f1'));
      // A transaction sees its own writes.
      expect(await tx.flags.get('f1')).toEqual(flag('f1'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await ctx.db.read((s) => s.flags.get('f1'))).toEqual(flag('f1'));
    const other = await ctx.opened.openAnother();
    expect(await other.read((s) => s.environments.list())).toEqual([environment('production')]);
  });

  it('rolls back everything when fn throws, runs no hook, and rethrows the same error', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production')));
    const boom = new Error('boom');
    const ran: string[] = [];
    const failed = ctx.write(async (tx) => {
      tx.afterCommit(() => ran.push('early hook'));
      (await tx.environments.bumpVersion('production')).version;
      await tx.environments.insert(environment('staging'));
      await tx.flags.insert(flag('f1'));
      await tx.audit.append(auditEntry(1));
      await tx.changes.append(change('production', 1));
      await tx.evaluations.add('production', [{ flagKey: 'f1', variant: 'on', count: 1 }], T0);
      await tx.migrations.putSettings({ flagKey: 'f1', backfillRequired: true, gates: {}, checkRatio: 1 });
      tx.afterCommit(() => ran.push('late hook'));
      throw boom;
    });
    await expect(failed).rejects.toBe(boom);
    expect(ran).toEqual([]);
    await ctx.db.read(async (s) => {
      expect(await s.environments.list()).toEqual([environment('production')]);
      expect(await s.flags.list({})).toEqual([]);
      expect(await s.audit.count()).toBe(0);
      expect(await s.changes.since('production', 0, 10)).toEqual([]);
      expect(await s.evaluations.listAll()).toEqual([]);
      expect(await s.migrations.getSettings('f1')).toBeUndefined();
    });
    // The version the rolled-back transaction took is given again: no gap.
    expect(await ctx.write(async (tx) => (await tx.environments.bumpVersion('production')).version)).toBe(1);
  });

  it('rolls back the earlier writes when a statement fails (a constraint violation)', async () => {
    await ctx.write((tx) => tx.flags.insert(flag('f1')));
    await expect(
      ctx.write(async (tx) => {
        await tx.flags.insert(flag('f2'));
        await tx.flags.insert(flag('f1'));
      }),
    ).rejects.toThrow();
    expect((await ctx.db.read((s) => s.flags.list({}))).map((f) => f.key)).toEqual(['f1']);
    // The database is still usable afterwards.
    await ctx.write((tx) => tx.flags.insert(flag('f3')));
  });

  it('runs after-commit hooks once, in order, after the commit and before transaction() resolves', async () => {
    const events: string[] = [];
    const seenByHook: Promise<unknown>[] = [];
    await ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1'));
      tx.afterCommit(() => {
        events.push('hook 1');
        // What a hook reads (streaming reads the change it publishes) is already committed.
        seenByHook.push(ctx.db.read((s) => s.flags.get('f1')));
      });
      tx.afterCommit(() => events.push('hook 2'));
      events.push('fn done');
    });
    events.push('resolved');
    expect(events).toEqual(['fn done', 'hook 1', 'hook 2', 'resolved']);
    expect(await seenByHook[0]).toEqual(flag('f1'));
  });

  it('a throwing hook does not undo the commit nor fail the caller; it is reported', async () => {
    const failure = new Error('hook failed');
    const ran: string[] = [];
    const result = await ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1'));
      tx.afterCommit(() => {
        throw failure;
      });
      tx.afterCommit(() => ran.push('next hook'));
      return 42;
    });
    expect(result).toBe(42);
    expect(ran).toEqual(['next hook']);
    expect(ctx.hookErrors).toEqual([failure]);
    expect(await ctx.db.read((s) => s.flags.get('f1'))).toBeDefined();
  });

  it('a read never sees part of a transaction', async () => {
    const between = gate();
    const proceed = gate();
    const writing = ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1'));
      between.open();
      await proceed.opened;
      await tx.flags.insert(flag('f2'));
    });
    await between.opened;
    const reading = ctx.db.read(async (s) => (await s.flags.list({})).map((f) => f.key));
    // SQLite queues the read behind the writer; PostgreSQL answers from the last committed state.
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 50))]);
    proceed.open();
    await writing;
    expect([[], ['f1', 'f2']]).toContainEqual(await reading);
  });

  it('transactions from one Database run one after another on the same data, none lost', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production')));
    const versions = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.write(async (tx) => {
          const v = (await tx.environments.bumpVersion('production')).version;
          await tx.changes.append(change('production', v, { key: `f${i}` }));
          return v;
        }),
      ),
    );
    expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await ctx.db.read((s) => s.changes.since('production', 0, 100))).map((c) => c.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('transactions issued together: a failing one rolls back alone, each other one is committed when it resolves', async () => {
    await ctx.write((tx) => tx.environments.insert(environment('production')));
    const visibleOnResolve: Promise<boolean>[] = [];
    const other = await ctx.opened.openAnother();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => {
        const writing = ctx.write(async (tx) => {
          await tx.flags.insert(flag(`f${i}`));
          const v = (await tx.environments.bumpVersion('production')).version;
          if (i % 4 === 3) throw new Error(`unit ${i} refused`);
          await tx.changes.append(change('production', v, { key: `f${i}` }));
          return v;
        });
        // Acknowledged means durable: another connection sees the unit's row the moment it resolves.
        visibleOnResolve.push(writing.then(async () => (await other.read((s) => s.flags.get(`f${i}`))) !== undefined, () => false));
        return writing;
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? 'rejected' : 'fulfilled')));
    expect((await Promise.all(visibleOnResolve)).filter((seen, i) => i % 4 !== 3 && !seen)).toEqual([]);
    const kept = Array.from({ length: 12 }, (_, i) => i).filter((i) => i % 4 !== 3);
    expect((await ctx.db.read((s) => s.flags.list({}))).map((f) => f.key).sort()).toEqual(kept.map((i) => `f${i}`).sort());
    // The refused units gave their versions back: the committed ones are 1..9 without a gap.
    expect((await ctx.db.read((s) => s.changes.since('production', 0, 100))).map((c) => c.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('close waits for work in flight, and may be called twice', async () => {
    const proceed = gate();
    const writing = ctx.write(async (tx) => {
      await tx.flags.insert(flag('f1'));
      await proceed.opened;
      return 'committed';
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = ctx.db.close();
    proceed.open();
    expect(await writing).toBe('committed');
    await closing;
    await ctx.db.close();
    const again = await ctx.opened.openAnother();
    expect(await again.read((s) => s.flags.get('f1'))).toBeDefined();
  });

  it('refuses work after close', async () => {
    await ctx.db.close();
    await expect(ctx.db.read((s) => s.flags.list({}))).rejects.toThrow();
    await expect(ctx.write((tx) => tx.flags.insert(flag('f1')))).rejects.toThrow();
  });
});
