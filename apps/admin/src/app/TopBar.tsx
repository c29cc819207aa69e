import { useId, useState } from 'react';
import { ROLE_LABELS } from '../features/auth/permissions';
import { Button } from '../ui/Button';
import { useEnvironments } from './environments';
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
