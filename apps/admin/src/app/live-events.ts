/**
 * The server's change stream for open pages (`GET /api/v1/events`, server-sent events): one
 * `change` event per committed change — which environment, flag or segment, and version; never the
 * content, which pages fetch again with their own permissions. Pure apart from the injected
 * EventSource and timers, so the reconnect logic is unit-tested.
 */

/** `change-request`: a change request moved (`key` its id, `version` its revision; `docs/change-requests.md`). */
export type ChangeKind = 'flag' | 'segment' | 'change-request';

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

/** Reads one `change-request` event's data (`{id, environment, state, revision, at}`) as a change of kind `change-request`; malformed: null. */
export function parseRequestEvent(data: unknown): ChangeEvent | null {
  if (typeof data !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.environment !== 'string' || typeof o.revision !== 'number' || typeof o.at !== 'string') return null;
  return { environment: o.environment, version: o.revision, kind: 'change-request', key: o.id, op: 'upsert', at: o.at };
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
  addEventListener(type: 'change' | 'change-request', listener: (ev: { data: unknown }) => void): void;
  close(): void;
}

export interface LiveConnectionOptions {
  url: string;
  open: (url: string) => EventSourceLike;
  onSignal: (signal: LiveSignal) => void;
  onStatus: (status: LiveStatus) => void;
  /**
   * Sends one request to the server (its outcome comes back through `requestFailed` /
   * `requestSucceeded`): used to find out when a server whose requests failed answers again.
   */
  probe?: () => void;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/** EventSource.CLOSED: the browser gave up (an HTTP error answer); it will not retry by itself. */
const CLOSED = 2;
export const RECONNECT_MIN_MS = 2_000;
export const RECONNECT_MAX_MS = 30_000;

export interface LiveConnection {
  close(): void;
  /** A request to the server failed (no answer, or a 5xx): the page is not live, whatever the stream says. */
  requestFailed(): void;
  /** A request got an answer from the server. */
  requestSucceeded(): void;
}

/**
 * Keeps one EventSource open. The browser retries a dropped stream by itself (the server asks for
 * 2 s); when it gives up (the server answered an error), this reopens it with a doubling delay.
 * Every open — the first one too, since a page's first fetch may predate it — sends `resync`.
 *
 * The stream alone is not the truth: a server that is shutting down, or whose database is gone,
 * can keep a stream open while every request fails. So a failed request shows `reconnecting`
 * until a request succeeds again — `probe` sends one with a doubling delay meanwhile — and then
 * the stream is reopened, so every page resyncs with what it missed.
 */
export function connectLive(options: LiveConnectionOptions): LiveConnection {
  const setTimer = options.setTimer ?? ((f, ms) => setTimeout(f, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let source: EventSourceLike | null = null;
  let timer: unknown = null;
  let delay = RECONNECT_MIN_MS;
  let closed = false;
  let streamStatus: LiveStatus = 'connecting';
  let failing = false;
  let probeTimer: unknown = null;
  let probeDelay = RECONNECT_MIN_MS;
  let shown: LiveStatus | null = null;

  const show = () => {
    const status = closed ? 'off' : failing ? 'reconnecting' : streamStatus;
    if (status !== shown) options.onStatus((shown = status));
  };
  const setStream = (status: LiveStatus) => {
    streamStatus = status;
    show();
  };

  const start = () => {
    timer = null;
    if (closed) return;
    const s = options.open(options.url);
    source = s;
    s.onopen = () => {
      if (source !== s) return;
      delay = RECONNECT_MIN_MS;
      setStream('live');
      options.onSignal({ type: 'resync' });
    };
    s.onerror = () => {
      if (source !== s || closed) return;
      setStream('reconnecting');
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
    s.addEventListener('change-request', (ev) => {
      if (source !== s) return;
      const change = parseRequestEvent(ev.data);
      if (change) options.onSignal({ type: 'change', change });
    });
  };

  const probeLater = () => {
    if (probeTimer !== null || !options.probe) return;
    probeTimer = setTimer(() => {
      probeTimer = null;
      if (!closed && failing) options.probe?.();
    }, probeDelay);
    probeDelay = Math.min(probeDelay * 2, RECONNECT_MAX_MS);
  };

  show();
  start();
  return {
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      if (probeTimer !== null) clearTimer(probeTimer);
      source?.close();
      source = null;
      show();
    },
    requestFailed() {
      if (closed) return;
      failing = true;
      show();
      probeLater();
    },
    requestSucceeded() {
      if (closed || !failing) return;
      failing = false;
      probeDelay = RECONNECT_MIN_MS;
      if (probeTimer !== null) clearTimer(probeTimer);
      probeTimer = null;
      // Reopen the stream now: what happened while requests failed is caught up by its resync.
      if (timer !== null) clearTimer(timer);
      source?.close();
      source = null;
      delay = RECONNECT_MIN_MS;
      streamStatus = 'reconnecting';
      show();
      start();
    },
  };
}
