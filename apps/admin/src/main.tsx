// First: configures zod before any schema is built (imports run in order).
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { createHttp } from './api/http';
import { App } from './app/App';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/feedback.css';
import './styles/controls.css';
import './styles/badges.css';
import './styles/overlays.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/targeting.css';
import './styles/flag-detail.css';
import './styles/audit.css';
import './styles/migration.css';
import './styles/migration-gates.css';
import './styles/pages.css';

async function start(): Promise<void> {
  const expired = new Set<() => void>();
  const reachability = new Set<(reachable: boolean) => void>();
  const http = createHttp({ onUnauthenticated: () => expired.forEach((f) => f()), onReachability: (ok) => reachability.forEach((f) => f(ok)) });
  const api = createApiClient(http);
  const subscribeExpired = (f: () => void) => {
    expired.add(f);
    return () => void expired.delete(f);
  };
  const subscribeReachability = (f: (reachable: boolean) => void) => {
    reachability.add(f);
    return () => void reachability.delete(f);
  };

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App api={api} subscribeExpired={subscribeExpired} subscribeReachability={subscribeReachability} />
    </StrictMode>,
  );
}

void start();
