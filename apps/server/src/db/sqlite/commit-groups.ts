import type Database from 'better-sqlite3';
import type { Stores, Tx } from '../stores';
import type { SerialLock } from './serial-lock';

/** Units of work committed together at most: a bound on how long one SQLite transaction grows. */
const MAX_UNITS_PER_COMMIT = 256;

interface PendingUnit {
  hooks: (() => void)[];
  done: () => void;
  fail: (err: unknown) => void;
}

/**
 * Group commit for the one SQLite connection. Each unit of work runs alone (under the serial lock)
 * in its own savepoint inside a transaction that stays open until the end of the current turn of
 * the event loop (or {@link MAX_UNITS_PER_COMMIT} units), then one COMMIT makes them all durable.
 * A unit that fails is rolled back to its savepoint and only its caller sees the error. A unit's
 * promise settles only after its COMMIT, and its after-commit hooks run only then, so nothing is
 * acknowledged or published that could still be lost; reads commit the open group first, so they
 * never see a change that is not committed.
 *
 * Why: a commit costs 100–200 µs of WAL writes here, more than the unit's statements; requests that
 * arrive together (one poll of the event loop) now share one.
 */
export class CommitGroups {
  private open: PendingUnit[] | undefined;

  constructor(
    private readonly raw: Database.Database,
    private readonly lock: SerialLock,
    private readonly stores: Stores,
    private readonly onHookError: (err: unknown) => void,
  ) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.lock.run(async () => {
        const hooks: (() => void)[] = [];
        // Method shorthand, not arrow properties, for the closures made per unit: tsx (esbuild's
        // keepNames) wraps a named arrow in a call that redefines its `name`, which cost 2 % of
        // the server's CPU on the write path (profile of `bench writes`). Methods keep their names.
        const tx: Tx = {
          ...this.stores,
          afterCommit(f) {
            hooks.push(f);
          },
        };
        let result: T;
        try {
          this.begin();
          this.raw.exec('SAVEPOINT unit');
        } catch (err) {
          return reject(err); // nothing of this unit was written
        }
        try {
          result = await fn(tx);
          this.raw.exec('RELEASE unit');
        } catch (err) {
          try {
            this.undoUnit(err);
          } finally {
            reject(err);
          }
          return;
        }
        this.open!.push({
          hooks,
          done() {
            resolve(result);
          },
          fail: reject,
        });
        if (this.open!.length >= MAX_UNITS_PER_COMMIT) this.commit();
      });
    });
  }

  /** Commits the open group, if any: call under the lock (reads do, before they read). */
  commit(): void {
    const units = this.open;
    if (!units) return;
    this.open = undefined;
    try {
      this.raw.exec('COMMIT');
    } catch (err) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      for (const unit of units) unit.fail(err);
      return;
    }
    for (const unit of units) {
      // The change is committed: a failing hook must not turn it into an error for the caller.
      for (const hook of unit.hooks) {
        try {
          hook();
        } catch (err) {
          this.onHookError(err);
        }
      }
      unit.done();
    }
  }

  private begin(): void {
    if (this.open) return;
    this.raw.exec('BEGIN IMMEDIATE');
    this.open = [];
    setImmediate(() => void this.lock.run(() => this.commit()));
  }

  private undoUnit(err: unknown): void {
    if (this.raw.inTransaction) {
      try {
        this.raw.exec('ROLLBACK TO unit');
        this.raw.exec('RELEASE unit');
        return;
      } catch {
        // The savepoint cannot be restored: give the whole group up below.
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      }
    }
    // SQLite rolled the whole transaction back (I/O error, disk full): every unit of the group is lost.
    const units = this.open ?? [];
    this.open = undefined;
    for (const unit of units) unit.fail(err);
  }
}
