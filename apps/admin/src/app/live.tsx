import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { API_BASE } from '../api/client';
import { useApi } from './api-context';
import { concerns, connectLive, type ChangeFilter, type LiveSignal, type LiveStatus } from './live-events';

interface LiveApi {
  status: LiveStatus;
  subscribe(listener: (signal: LiveSignal) => void): () => void;
}

const LiveContext = createContext<LiveApi>({ status: 'off', subscribe: () => () => {} });

export type SubscribeReachability = (f: (reachable: boolean) => void) => () => void;

/**
 * One change stream per signed-in session, shared by every open page. The session cookie
 * authenticates it (EventSource sends it same-origin). Every API request's outcome feeds the
 * indicator too: a failed one shows "Reconnecting" until the server answers again (see
 * connectLive).
 */
export function LiveEventsProvider({ children, subscribeReachability }: { children: ReactNode; subscribeReachability?: SubscribeReachability }) {
  const api = useApi();
  const [status, setStatus] = useState<LiveStatus>('off');
  const listeners = useRef(new Set<(signal: LiveSignal) => void>());

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const connection = connectLive({
      url: `${API_BASE}/events`,
      open: (url) => new EventSource(url),
      onStatus: setStatus,
      onSignal: (signal) => listeners.current.forEach((l) => l(signal)),
      probe: () => void api.session.get().catch(() => undefined),
    });
    const unsubscribe = subscribeReachability?.((reachable) => (reachable ? connection.requestSucceeded() : connection.requestFailed()));
    return () => {
      unsubscribe?.();
      connection.close();
    };
  }, [api, subscribeReachability]);

  const subscribe = useCallback((listener: (signal: LiveSignal) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const live = useMemo<LiveApi>(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** Changes arriving together (a definition edit touches every environment) make one refetch. */
const COALESCE_MS = 120;

/**
 * Calls `onChange` when a change concerning `filter` is committed (by anyone, this page included),
 * or after the stream reopened. Several changes within a moment make one call. `filter: null`
 * pauses it.
 */
export function useLiveChanges(filter: ChangeFilter | null, onChange: () => void): void {
  const { subscribe } = useContext(LiveContext);
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = filter === null ? null : JSON.stringify([filter.kind, filter.key, filter.environment]);

  useEffect(() => {
    if (key === null) return;
    const f = filter!;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((signal) => {
      if (!concerns(f, signal) || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        callback.current();
      }, COALESCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
    // `key` stands for `filter`'s content.
  }, [key, subscribe]);
}
