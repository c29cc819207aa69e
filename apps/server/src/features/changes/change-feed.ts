import type { ChangeRecord } from '../../db/records';
import { Signal } from '../../infra/signal';

/**
 * In-process fan-out of committed changes, in commit order. Services publish from `afterCommit`
 * hooks, so a listener never sees a change that could still roll back. Listeners run inside the
 * committing request, before it answers: they must be cheap (the stream hub only applies the change
 * to its state there, and sends it to SDKs on a later turn of the event loop).
 */
export type ChangeFeed = Signal<ChangeRecord>;

export function createChangeFeed(): ChangeFeed {
  return new Signal<ChangeRecord>();
}
