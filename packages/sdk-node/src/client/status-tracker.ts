import type { ClientErrorEvent, ReadyEvent, StaleEvent } from '../events/client-events';
import type { EventEmitter } from '../events/event-emitter';
import type { Scheduler } from '../platform/scheduler';

/**
 * Where the client stands:
 * - `initializing`: no data source has synced yet (evaluations serve a bootstrap, if any, or defaults);
 * - `ready`: in sync with the data source;
 * - `stale`: was in sync (or has bootstrap data) but lost the data source; serving last-known-good;
 * - `error`: stopped trying (invalid or revoked key...); serving last-known-good, if any;
 * - `closed`: `close()` was called.
 */
export type ClientStatus = 'initializing' | 'ready' | 'stale' | 'error' | 'closed';

/** Owns the status, emits `ready`/`stale`/`error` on transitions and answers `waitForReady`. */
export interface StatusTracker {
  readonly status: ClientStatus;
  /** The error that put the client in `error`, if it is there. */
  readonly lastError: ClientErrorEvent | undefined;
  ready(event: ReadyEvent): void;
  /** The data source was lost: `stale` when there is data to serve, else still `initializing`. */
  interrupted(event: StaleEvent): void;
  failed(event: ClientErrorEvent): void;
  closed(): void;
  waitForReady(timeoutMs: number): Promise<boolean>;
  /** Holds events while the client is being built (nobody listens yet); `release` emits them on a microtask. */
  hold(): void;
  release(): void;
}

/** Creates the tracker; `hasData` tells whether there is anything to serve while disconnected. */
export function createStatusTracker(emitter: EventEmitter, scheduler: Scheduler, hasData: () => boolean): StatusTracker {
  let status: ClientStatus = 'initializing';
  let lastError: ClientErrorEvent | undefined;
  let held: [string, unknown][] | undefined;
  const waiters = new Set<(ready: boolean) => void>();

  const emit = (name: string, payload: unknown) => {
    if (held !== undefined) held.push([name, payload]);
    else emitter.emit(name, payload);
  };
  const settle = (ready: boolean) => {
    for (const waiter of [...waiters]) waiter(ready);
  };
  const terminal = () => status === 'error' || status === 'closed';

  return {
    get status() {
      return status;
    },
    get lastError() {
      return lastError;
    },
    ready(event) {
      if (status === 'ready' || terminal()) return;
      status = 'ready';
      settle(true);
      emit('ready', event);
    },
    interrupted(event) {
      if (status === 'stale' || terminal() || !hasData()) return;
      status = 'stale';
      emit('stale', event);
    },
    failed(event) {
      if (terminal()) return;
      status = 'error';
      lastError = event;
      settle(false);
      emit('error', event);
    },
    closed() {
      status = 'closed';
      settle(false);
    },
    waitForReady(timeoutMs) {
      if (status === 'ready') return Promise.resolve(true);
      if (terminal()) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const done = (ready: boolean) => {
          waiters.delete(done);
          scheduler.clearTimeout(timer);
          resolve(ready);
        };
        waiters.add(done);
        const timer = scheduler.setTimeout(() => done(false), timeoutMs);
      });
    },
    hold() {
      held ??= [];
    },
    release() {
      const events = held ?? [];
      held = undefined;
      if (events.length > 0) queueMicrotask(() => events.forEach(([name, payload]) => emitter.emit(name, payload)));
    },
  };
}
