import { useEffect } from 'react';
import type { ApiClient } from '../api/client';
import { SignInPage } from '../features/auth/SignInPage';
import { landingPath } from '../features/auth/permissions';
import { useResource } from '../lib/use-resource';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Loading } from '../ui/Loading';
import { AnnouncerProvider } from './announcer';
import { ApiProvider, useApi } from './api-context';
import { EnvironmentsProvider } from './environments';
import { LiveEventsProvider, type SubscribeReachability } from './live';
import { Routes } from './Routes';
import { navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';

interface AppProps {
  api: ApiClient;
  subscribeExpired: (f: () => void) => () => void;
  /** Hears whether each request reached a working server (the live indicator shows it). */
  subscribeReachability?: SubscribeReachability;
}

export function App({ api, subscribeExpired, subscribeReachability }: AppProps) {
  return (
    <ApiProvider api={api}>
      <AnnouncerProvider>
        <SessionProvider subscribeExpired={subscribeExpired}>
          <SessionGate subscribeReachability={subscribeReachability} />
        </SessionProvider>
      </AnnouncerProvider>
    </ApiProvider>
  );
}

function SessionGate({ subscribeReachability }: { subscribeReachability?: SubscribeReachability }) {
  const { state } = useSession();
  if (state.status === 'checking') return <Loading label="Checking your session…" />;
  if (state.status === 'signed-out') return <SignInPage notice={state.notice} />;
  return <SignedIn key={state.session.actor.name} subscribeReachability={subscribeReachability} />;
}

/** The app behind sign-in: loads the environments once, then the shell and the current page. */
function SignedIn({ subscribeReachability }: { subscribeReachability?: SubscribeReachability }) {
  const api = useApi();
  const { state } = useSession();
  const { path } = useLocation();
  const envs = useResource(() => api.environments.list(), 'environments');
  const role = state.status === 'signed-in' ? state.session.actor.role : 'viewer';

  useEffect(() => {
    if (path === '/') navigate(landingPath(role), { replace: true });
  }, [path, role]);

  if (envs.error) return <ErrorBanner error={envs.error} title="The environments could not be loaded." />;
  if (!envs.data) return <Loading />;
  if (envs.data.length === 0) return <ErrorBanner error="This server has no environments yet; an admin must create one." />;
  return (
    <EnvironmentsProvider environments={envs.data}>
      <LiveEventsProvider subscribeReachability={subscribeReachability}>
        {/* biome-ignore lint/a11y/useValidAnchor: a skip link; the hash belongs to the router, so it focuses #main itself */}
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => {
            // The hash is the router's: focus the content instead of navigating to "#main".
            e.preventDefault();
            document.getElementById('main')?.focus();
          }}
        >
          Skip to content
        </a>
        <div className="shell">
          <SideNav />
          <div className="shell__body">
            <TopBar />
            <main id="main" className="main" tabIndex={-1}>
              <Routes />
            </main>
          </div>
        </div>
      </LiveEventsProvider>
    </EnvironmentsProvider>
  );
}
