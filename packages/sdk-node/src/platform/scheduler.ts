/** An opaque timer handle. */
export type TimerHandle = object;

/**
 * Clock and timers, injected so that the protocol logic (acks, heartbeats, reconnects, summaries)
 * holds no direct reference to the host's globals.
 */
export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `fn` once after `ms`. `unref`: the timer alone does not keep the process alive
   * (used for summaries, which must not delay an application's exit).
   */
  setTimeout(fn: () => void, ms: number, options?: { unref?: boolean }): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The Node.js scheduler: `Date.now` and the global timers. */
export const nodeScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout(fn, ms, options) {
    const timer = setTimeout(fn, Math.max(0, ms));
    if (options?.unref) timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
