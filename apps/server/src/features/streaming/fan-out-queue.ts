import { ChangeBatch } from './change-batch';
import type { AppliedChange } from './environment-state';

/**
 * Applied changes waiting to be sent, by environment. Everything queued in one event-loop turn is
 * handed to `send` on the next `setImmediate` — after the requests that committed the changes have
 * answered — as one batch per environment, so each connection gets one write per turn, not one per
 * change.
 */
export class FanOutQueue {
  private pending = new Map<string, ChangeBatch>();
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly send: (envKey: string, batch: ChangeBatch) => void) {}

  /** Queues a change; changes of an environment must be queued in version order. */
  push(envKey: string, applied: AppliedChange): void {
    let batch = this.pending.get(envKey);
    if (!batch) this.pending.set(envKey, (batch = new ChangeBatch()));
    batch.add(applied);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends everything queued now (also what the scheduled flush does). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.size === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const [envKey, batch] of batches) this.send(envKey, batch);
  }
}
