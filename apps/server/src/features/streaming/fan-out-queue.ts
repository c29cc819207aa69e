import { ChangeBatch } from './change-batch';
import type { AppliedChange } from './environment-state';

/**
 * The shortest time between two sends while changes keep coming. A change after a quiet spell goes
 * out on the next event-loop turn; during a burst of writes, what arrives within this window waits
 * for the next send and joins its batch, so every connection gets one write per window instead of
 * one per turn (each write is a system call per connection: the fan-out's main cost).
 */
export const MIN_SEND_INTERVAL_MS = 10;

/**
 * Applied changes waiting to be sent, by environment. Everything queued is handed to `send` as one
 * batch per environment — on the next `setImmediate` (after the requests that committed the changes
 * have answered), or at most {@link MIN_SEND_INTERVAL_MS} after the previous send.
 */
export class FanOutQueue {
  private pending = new Map<string, ChangeBatch>();
  private scheduled: { cancel: () => void } | undefined;
  private lastSend = -Infinity;

  constructor(
    private readonly send: (envKey: string, batch: ChangeBatch) => void,
    private readonly minIntervalMs = MIN_SEND_INTERVAL_MS,
  ) {}

  /** Queues a change; changes of an environment must be queued in version order. */
  push(envKey: string, applied: AppliedChange): void {
    let batch = this.pending.get(envKey);
    if (!batch) this.pending.set(envKey, (batch = new ChangeBatch()));
    batch.add(applied);
    this.scheduled ??= this.schedule();
  }

  private schedule(): { cancel: () => void } {
    const wait = this.lastSend + this.minIntervalMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush());
      return { cancel: () => clearImmediate(immediate) };
    }
    const timer = setTimeout(() => this.flush(), Math.ceil(wait));
    return { cancel: () => clearTimeout(timer) };
  }

  /** Sends everything queued now (also what the scheduled send does). */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    if (this.pending.size === 0) return;
    this.lastSend = performance.now();
    const batches = this.pending;
    this.pending = new Map();
    for (const [envKey, batch] of batches) this.send(envKey, batch);
  }
}
