import { useId, useState } from 'react';
import { ROLE_LABELS } from '../features/auth/permissions';
import { Button } from '../ui/Button';
import { useEnvironments } from './environments';
import { useLiveStatus } from './live';
import type { LiveStatus } from './live-events';
import { useActor, useSession } from './session';

/** Environment switcher on the left; the signed-in actor, role and sign-out on the right. */
export function TopBar() {
  const { environments, current, select } = useEnvironments();
  const actor = useActor();
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const envId = useId();

  return (
    <header className="topbar">
      <div className="topbar__env">
        <label htmlFor={envId} className="topbar__label">
          Environment
        </label>
        <span className={`env-dot env-dot--${current.key === 'production' ? 'prod' : 'other'}`} aria-hidden="true" />
        <select id={envId} className="select select--compact" value={current.key} onChange={(e) => select(e.target.value)}>
          {environments.map((env) => (
            <option key={env.key} value={env.key}>
              {env.name}
            </option>
          ))}
        </select>
      </div>
      <LiveIndicator status={useLiveStatus()} />
      <div className="topbar__actor">
        <span className="avatar" aria-hidden="true">
          {actor.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="topbar__name">{actor.name}</span>
        <span className={`role role--${actor.role}`}>{ROLE_LABELS[actor.role]}</span>
        <Button
          size="sm"
          variant="ghost"
          busy={busy}
          onClick={() => {
            setBusy(true);
            void signOut().finally(() => setBusy(false));
          }}
        >
          Sign out
        </Button>
      </div>
    </header>
  );
}

const LIVE_LABELS: Readonly<Record<LiveStatus, string>> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', off: '' };

/** Whether open pages follow other people's changes right now. */
function LiveIndicator({ status }: { status: LiveStatus }) {
  if (status === 'off') return null;
  return (
    <span
      className={`live live--${status}`}
      data-testid="live-status"
      title={status === 'live' ? 'Changes made by anyone appear here without reloading.' : 'Changes by others are not shown until the connection is back.'}
    >
      <span className="live__dot" aria-hidden="true" />
      {LIVE_LABELS[status]}
    </span>
  );
}
