import type { Scheduler, TimerHandle } from '../../platform/scheduler';

/** Keeps a connection honest: pings the server, and declares it dead after a silence. */
export interface HeartbeatMonitor {
  /** Any frame arrived. Cheap: records the time, touches no timer. */
  heard(): void;
  /**
   * (Re)starts: the peer is dead after `deadlineMs` without a frame; a ping goes out every
   * `pingEveryMs` (none when undefined: before `ready` the SDK may send nothing but `hello`).
   */
  start(deadlineMs: number, pingEveryMs?: number): void;
  stop(): void;
}

/** Creates a monitor calling `ping()` to send a ping and `dead()` once when the deadline passes. */
export function createHeartbeatMonitor(deps: { scheduler: Scheduler; ping: () => void; dead: () => void }): HeartbeatMonitor {
  const { scheduler } = deps;
  let lastHeard = scheduler.now();
  let deadline = 0;
  let deadlineTimer: TimerHandle | undefined;
  let pingTimer: TimerHandle | undefined;
  let stopped = true;

  // One timer for the deadline, re-armed only when it fires: frames cost no timer work.
  const check = () => {
    deadlineTimer = undefined;
    if (stopped) return;
    const silent = scheduler.now() - lastHeard;
    if (silent >= deadline) {
      stop();
      deps.dead();
    } else deadlineTimer = scheduler.setTimeout(check, deadline - silent);
  };

  const schedulePing = (every: number) => {
    pingTimer = scheduler.setTimeout(() => {
      if (stopped) return;
      deps.ping();
      schedulePing(every);
    }, every);
  };

  function stop() {
    stopped = true;
    scheduler.clearTimeout(deadlineTimer);
    scheduler.clearTimeout(pingTimer);
    deadlineTimer = pingTimer = undefined;
  }

  return {
    heard() {
      lastHeard = scheduler.now();
    },
    start(deadlineMs, pingEveryMs) {
      stop();
      stopped = false;
      deadline = deadlineMs;
      lastHeard = scheduler.now();
      deadlineTimer = scheduler.setTimeout(check, deadlineMs);
      if (pingEveryMs !== undefined) schedulePing(pingEveryMs);
    },
    stop,
  };
}
