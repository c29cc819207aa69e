/**
 * A FIFO async lock. SQLite has one connection here: two interleaved async transactions on it would
 * see each other's uncommitted rows, so every unit of work runs under this lock, one at a time.
 */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
