import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/api-error';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { landingPath } from './permissions';

/** Sign-in with an admin token; the server answers with an httpOnly session cookie. */
export function SignInPage({ notice }: { notice: string | null }) {
  const { signIn } = useSession();
  const location = useLocation();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) {
      setError('Enter your admin token.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(token.trim());
      setToken('');
      if (location.path === '/') navigate(landingPath(session.actor.role), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token is not valid, or it was revoked.' : describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="signin__card">
        <div className="brand brand--dark">
          <Logo />
          <span className="brand__name">Switchyard</span>
        </div>
        <h1 className="signin__title">Sign in</h1>
        <p className="muted">Use an admin token. It is exchanged for a session cookie and never stored in this browser.</p>
        {notice && (
          <p className="banner banner--info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <Field label="Admin token" errors={error ? [error] : []} hint="Starts with sya_. Shown once when it was created.">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                spellCheck={false}
                // biome-ignore lint/a11y/noAutofocus: the sign-in page has one field, the token
                autoFocus
                className="input input--mono"
                value={token}
                onChange={(e) => setToken(e.target.value)}
              />
            )}
          </Field>
          <div aria-live="assertive" className="sr-only">
            {error}
          </div>
          <Button type="submit" variant="primary" busy={busy} className="signin__submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </div>
    </main>
  );
}

export function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1f2a44" />
      <path d="M8 11h9a4 4 0 0 1 0 8h-2M24 21h-9a4 4 0 0 1 0-8h2" fill="none" stroke="#5fd08a" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
