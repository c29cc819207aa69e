import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitGroups } from '../src/db/sqlite/commit-groups';
import { SerialLock } from '../src/db/sqlite/serial-lock';
import type { Stores, Tx } from '../src/db/stores';

/**
 * SQLite group commit on a real (in-memory) database: the statements a commit runs are counted, and
 * `tx` carries a raw insert so the test controls what each unit writes.
 */
describe('CommitGroups (SQLite group commit)', () => {
  let raw: Database.Database;
  let statements: string[];
  let refuse: string | undefined;
  let groups: CommitGroups;
  let hookErrors: unknown[];
  const lock = new SerialLock();

  beforeEach(() => {
    raw = new Database(':memory:');
    raw.exec('create table t (k text primary key)');
    statements = [];
    const exec = raw.exec.bind(raw);
    refuse = undefined;
    raw.exec = (sql: string) => {
      statements.push(sql);
      if (sql === refuse) throw new Error(`SQLite refused ${sql}`);
      return exec(sql);
    };
    hookErrors = [];
    groups = new CommitGroups(raw, lock, {} as Stores, (err) => hookErrors.push(err));
  });
  afterEach(() => raw.close());

  const insert = (k: string) => raw.prepare('insert into t (k) values (?)').run(k);
  const keys = () => (raw.prepare('select k from t order by k').all() as { k: string }[]).map((r) => r.k);
  const unit = (k: string, extra?: (tx: Tx) => void) =>
    groups.transaction(async (tx) => {
      insert(k);
      extra?.(tx);
      return k;
    });

  it('commits units issued in the same turn with one COMMIT, each promise settling after it', async () => {
    const settled: string[] = [];
    const all = ['a', 'b', 'c', 'd'].map((k) => unit(k).then((v) => settled.push(`${v}:${statements.filter((s) => s === 'COMMIT').length}`)));
    await Promise.all(all);
    expect(statements.filter((s) => s === 'BEGIN IMMEDIATE')).toHaveLength(1);
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    // Every unit resolved after the one COMMIT, in order.
    expect(settled).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs hooks after the commit, in unit order; a throwing hook is reported, not thrown', async () => {
    const ran: string[] = [];
    const boom = new Error('hook');
    await Promise.all([
      unit('a', (tx) => tx.afterCommit(() => ran.push(`a after ${raw.inTransaction ? 'open' : 'commit'}`))),
      unit('b', (tx) =>
        tx.afterCommit(() => {
          throw boom;
        }),
      ),
      unit('c', (tx) => tx.afterCommit(() => ran.push('c'))),
    ]);
    expect(ran).toEqual(['a after commit', 'c']);
    expect(hookErrors).toEqual([boom]);
  });

  it('rolls a failing unit back to its savepoint: the others in its group commit', async () => {
    const results = await Promise.allSettled([
      unit('a'),
      groups.transaction(async () => {
        insert('x');
        throw new Error('refused');
      }),
      unit('b'),
      unit('a'), // a constraint violation: the statement fails inside the unit
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('when SQLite abandons the whole transaction, every unit of the group fails and nothing half-written stays', async () => {
    const results = await Promise.allSettled([
      unit('a'),
      groups.transaction(async () => {
        insert('x');
        raw.exec('ROLLBACK'); // what SQLite does itself on an I/O error or a full disk
        throw new Error('disk I/O error');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(keys()).toEqual([]);
    // The next unit starts a new group and commits.
    await expect(unit('b')).resolves.toBe('b');
    expect(keys()).toEqual(['b']);
    expect(raw.inTransaction).toBe(false);
  });

  it('settles every promise when SQLite refuses the savepoint statements themselves', async () => {
    refuse = 'SAVEPOINT unit';
    await expect(unit('a')).rejects.toThrow('SQLite refused SAVEPOINT unit');
    refuse = 'ROLLBACK TO unit';
    const results = await Promise.allSettled([
      unit('b'),
      groups.transaction(async () => {
        insert('x');
        throw new Error('refused');
      }),
    ]);
    // The failed unit could not be undone alone: its group was given up, b with it, nothing half-written.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(keys()).toEqual([]);
    refuse = undefined;
    await expect(unit('c')).resolves.toBe('c');
    expect(keys()).toEqual(['c']);
  });

  it('commit() (what reads call first) ends the open group at once', async () => {
    const first = unit('a');
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    await lock.run(() => groups.commit());
    expect(raw.inTransaction).toBe(false);
    await expect(first).resolves.toBe('a');
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
  });
});
