/**
 * The server's change stream for open pages (`GET /api/v1/events`, server-sent events): one
 * `change` event per committed change — which environment, flag or segment, and version; never the
 * content, which pages fetch again with their own permissions. Pure apart from the injected
 * EventSource and timers, so the reconnect logic is unit-tested.
 */

export type ChangeKind = 'flag' | 'segment';

export interface ChangeEvent {
  environment: string;
  version: number;
  kind: ChangeKind;
  key: string;
  op: 'upsert' | 'delete';
  at: string;
}

/**
 * What listeners receive: a change, or `resync` when the stream (re)opened — changes made while it
 * was closed were not seen, so every open page refetches once.
 */
export type LiveSignal = { type: 'change'; change: ChangeEvent } | { type: 'resync' };

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

/** Reads one `change` event's data; anything malformed is dropped (null), never thrown. */
export function parseChangeEvent(data: unknown): ChangeEvent | null {
  if (typeof data !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.environment !== 'string' || typeof o.key !== 'string' || typeof o.version !== 'number' || typeof o.at !== 'string') return null;
  if (o.kind !== 'flag' && o.kind !== 'segment') return null;
  if (o.op !== 'upsert' && o.op !== 'delete') return null;
  return { environment: o.environment, version: o.version, kind: o.kind, key: o.key, op: o.op, at: o.at };
}

/** What a page shows: changes of this kind (and key, and environment, when given) concern it. */
export interface ChangeFilter {
  kind?: ChangeKind;
  key?: string;
  environment?: string;
}

/** Whether a signal concerns a page showing `filter`. A resync concerns every page. */
export function concerns(filter: ChangeFilter, signal: LiveSignal): boolean {
  if (signal.type === 'resync') return true;
  const c = signal.change;
  return (
    (filter.kind === undefined || filter.kind === c.kind) &&
    (filter.key === undefined || filter.key === c.key) &&
    (filter.environment === undefined || filter.environment === c.environment)
  );
}

/** The part of the browser's EventSource used here (a fake stands in for it in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  addEventListener(type: 'change', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}

export interface LiveConnectionOptions {
  url: string;
  open: (url: string) => EventSourceLike;
  onSignal: (signal: LiveSignal) => void;
  onStatus: (status: LiveStatus) => void;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** EventSource.CLOSED: the browser gave up (an HTTP error answer); it will not retry by itself. */
const CLOSED = 2;
export const RECONNECT_MIN_MS = 2_000;
export const RECONNECT_MAX_MS = 30_000;

/**
 * Keeps one EventSource open. The browser retries a dropped stream by itself (the server asks for
 * 2 s); when it gives up (the server answered an error), this reopens it with a doubling delay.
 * Every open — the first one too, since a page's first fetch may predate it — sends `resync`.
 */
export function connectLive(options: LiveConnectionOptions): { close(): void } {
  const setTimer = options.setTimer ?? ((f, ms) => setTimeout(f, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let delay = RECONNECT_MIN_MS;
  let closed = false;

  const start = () => {
    timer = null;
    if (closed) return;
    const s = options.open(options.url);
    source = s;
    s.onopen = () => {
      if (source !== s) return;
      delay = RECONNECT_MIN_MS;
      options.onStatus('live');
      options.onSignal({ type: 'resync' });
    };
    s.onerror = () => {
      if (source !== s || closed) return;
      options.onStatus('reconnecting');
      if (s.readyState === CLOSED) {
        s.close();
        source = null;
        timer = setTimer(start, delay);
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      }
    };
    s.addEventListener('change', (ev) => {
      if (source !== s) return;
      const change = parseChangeEvent(ev.data);
      if (change) options.onSignal({ type: 'change', change });
    });
  };

  options.onStatus('connecting');
  start();
  return {
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      source?.close();
      source = null;
      options.onStatus('off');
    },
  };
}
