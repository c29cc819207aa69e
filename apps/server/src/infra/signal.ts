/**
 * The server's one in-process event: listeners get every published value, in order, synchronously.
 * The change feed is one (`ChangeFeed`, committed changes); keys revoked, sessions ended, change requests
 * moved and webhook deliveries written are others. Listeners run inside the publisher's call, so they must
 * be cheap: the change feed publishes from `afterCommit`, before the committing request answers.
 */
export class Signal<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}
