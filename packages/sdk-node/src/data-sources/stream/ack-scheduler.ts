import type { Scheduler, TimerHandle } from '../../platform/scheduler';

/** Timing of acks: see {@link createAckScheduler}. */
export interface AckTiming {
  /** Delay of an ack after a quiet period: short, so that the server's "landed on N of N" is fast. */
  promptMs: number;
  /** At most one ack per this interval while changes keep coming. */
  intervalMs: number;
}

export const DEFAULT_ACK_TIMING: AckTiming = { promptMs: 20, intervalMs: 1_000 };

/** Coalesces acks: tell it each applied version; it sends the latest one, promptly but rarely. */
export interface AckScheduler {
  applied(version: number): void;
  cancel(): void;
}

/**
 * The first ack after a quiet period goes out `promptMs` after the version was applied (a burst
 * landing in the same moment is coalesced into it); later ones at most once per `intervalMs`,
 * each carrying the highest version applied by then.
 */
export function createAckScheduler(send: (version: number) => void, scheduler: Scheduler, timing: AckTiming = DEFAULT_ACK_TIMING): AckScheduler {
  let pending = -1;
  let sent = -1;
  let sentAt = Number.NEGATIVE_INFINITY;
  let timer: TimerHandle | undefined;

  const flush = () => {
    timer = undefined;
    if (pending === sent) return;
    sent = pending;
    sentAt = scheduler.now();
    send(pending);
  };

  return {
    applied(version) {
      pending = version;
      if (timer !== undefined) return;
      const wait = Math.max(timing.promptMs, sentAt + timing.intervalMs - scheduler.now());
      timer = scheduler.setTimeout(flush, wait);
    },
    cancel() {
      scheduler.clearTimeout(timer);
      timer = undefined;
    },
  };
}
