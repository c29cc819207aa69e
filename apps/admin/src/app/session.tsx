import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, describeError } from '../api/api-error';
import type { Actor, Session } from '../api/types';
import { allows, type UiAction } from '../features/auth/permissions';
import { useApi } from './api-context';

export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; session: Session };

interface SessionApi {
  state: SessionState;
  signIn(token: string): Promise<Session>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/**
 * The signed-in actor. The session lives in an httpOnly cookie the UI never sees; on load it asks
 * the server whether one exists. `subscribeExpired` reports any later 401 (the session ended).
 */
export function SessionProvider({ children, subscribeExpired }: { children: ReactNode; subscribeExpired: (f: () => void) => () => void }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    let live = true;
    api.session.get().then(
      (session) => live && setState({ status: 'signed-in', session }),
      (err: unknown) => {
        if (!live) return;
        const notice = err instanceof ApiError && err.status === 401 ? null : describeError(err);
        setState({ status: 'signed-out', notice });
      },
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(
    () => subscribeExpired(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', notice: 'Your session ended. Sign in again to continue.' } : s))),
    [subscribeExpired],
  );

  const signIn = useCallback(
    async (token: string) => {
      const session = await api.session.signIn(token);
      setState({ status: 'signed-in', session });
      return session;
    },
    [api],
  );

  const signOut = useCallback(async () => {
    try {
      await api.session.signOut();
    } finally {
      setState({ status: 'signed-out', notice: 'You are signed out.' });
    }
  }, [api]);

  return <SessionContext.Provider value={{ state, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in actor (only inside the signed-in part of the app). */
export function useActor(): Actor {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useActor while signed out');
  return state.session.actor;
}

/** Whether the signed-in actor may take a UI action. */
export function useCan(): (action: UiAction) => boolean {
  const actor = useActor();
  return (action) => allows(actor.role, action);
}
