import type { ChangeRecord } from '../../db/records';

export type ChangeListener = (change: ChangeRecord) => void;

/**
 * In-process fan-out of committed changes, in commit order. Services publish from `afterCommit`
 * hooks, so a listener never sees a change that could still roll back. Listeners run inside the
 * committing request, before it answers: they must be cheap (the stream hub only applies the change
 * to its state there, and sends it to SDKs on a later turn of the event loop).
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: ChangeRecord): void {
    for (const listener of this.listeners) listener(change);
  }
}
