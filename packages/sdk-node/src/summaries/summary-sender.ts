import type { SummaryMessage } from '@switchyard/core';
import type { ClientDiagnostics } from '../client/diagnostics';
import type { Scheduler, TimerHandle } from '../platform/scheduler';
import { toSummaryMessages } from './summary-messages';
import type { SummaryRecorder } from './summary-recorder';

/** Sends the recorder's counts every `flushIntervalMs`. */
export interface SummarySender {
  start(): void;
  /** Sends what was counted so far; false when it could not (not connected: the counts are kept). */
  flush(): boolean;
  stop(): void;
}

/**
 * Creates the sender. `send` hands messages to the stream and says whether it could; when it
 * could not (disconnected), the window is kept and merged into the next one, so counts survive
 * a reconnect. Its timer never keeps the process alive.
 */
export function createSummarySender(deps: {
  recorder: SummaryRecorder;
  scheduler: Scheduler;
  flushIntervalMs: number;
  send: (messages: readonly SummaryMessage[]) => boolean;
  diagnostics: ClientDiagnostics;
}): SummarySender {
  const { recorder, scheduler } = deps;
  let timer: TimerHandle | undefined;
  let stopped = false;

  function flush(): boolean {
    const window = recorder.drain();
    if (window === undefined) return true;
    const messages = toSummaryMessages(window);
    if (!deps.send(messages)) {
      recorder.restore(window);
      return false;
    }
    deps.diagnostics.summariesSent += messages.length;
    return true;
  }

  function schedule(): void {
    timer = scheduler.setTimeout(
      () => {
        if (stopped) return;
        flush();
        schedule();
      },
      deps.flushIntervalMs,
      { unref: true },
    );
  }

  return {
    start() {
      if (timer === undefined && !stopped) schedule();
    },
    flush,
    stop() {
      stopped = true;
      scheduler.clearTimeout(timer);
      timer = undefined;
    },
  };
}
