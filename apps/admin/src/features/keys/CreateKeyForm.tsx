import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { ROLES, type CreateKeyBody, type KeyView, type Role } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { ROLE_LABELS } from '../auth/permissions';
import { KEY_KIND_LABELS } from './key-labels';

type Kind = KeyView['kind'];

/** The form for a new key; `onCreated` receives the secret, which the server shows this once. */
export function CreateKeyForm({ onCreated }: { onCreated: (created: { key: KeyView; secret: string }) => void }) {
  const api = useApi();
  const { environments } = useEnvironments();
  const [form, setForm] = useState({ kind: 'server' as Kind, name: '', role: 'viewer' as Role, environment: environments[0]?.key ?? '', origins: '', reason: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issues = (path: string) => (error instanceof ApiError ? error.fieldIssues.filter((i) => i.path === path).map((i) => i.message) : []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const reason = form.reason.trim() || undefined;
    const origins = form.origins
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const body: CreateKeyBody =
      form.kind === 'admin'
        ? { kind: 'admin', role: form.role, name: form.name, reason }
        : form.kind === 'server'
          ? { kind: 'server', environment: form.environment, name: form.name, reason }
          : { kind: 'client', environment: form.environment, name: form.name, reason, ...(origins.length > 0 ? { allowedOrigins: origins } : {}) };
    try {
      onCreated(await api.keys.create(body));
      setForm({ ...form, name: '', origins: '', reason: '' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const placed = (path: string) => ['body.name', 'body.allowedOrigins'].some((p) => path === p || path.startsWith(`${p}[`));
  return (
    <section className="card integrations__section" aria-labelledby="new-key-title">
      <h2 id="new-key-title">New key</h2>
      <ErrorBanner error={error} placed={placed} />
      <form className="integrations__form" onSubmit={(e) => void submit(e)} aria-label="New key" noValidate>
        <Field label="Kind">
          {(p) => (
            <select {...p} className="input" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
              {(Object.keys(KEY_KIND_LABELS) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {KEY_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" required errors={issues('body.name')} hint="Changes made with the key are recorded under this name.">
          {(p) => <input {...p} className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="checkout-service" />}
        </Field>
        {form.kind === 'admin' ? (
          <Field label="Role">
            {(p) => (
              <select {...p} className="input" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label="Environment">
            {(p) => (
              <select {...p} className="input" value={form.environment} onChange={(e) => setForm({ ...form, environment: e.target.value })}>
                {environments.map((env) => (
                  <option key={env.key} value={env.key}>
                    {env.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {form.kind === 'client' && (
          <Field label="Allowed origins" hint="Browser origins that may read flags with it, comma-separated; empty: none beyond the server's list." errors={issues('body.allowedOrigins')}>
            {(p) => <input {...p} className="input" value={form.origins} onChange={(e) => setForm({ ...form, origins: e.target.value })} placeholder="https://shop.example.com" />}
          </Field>
        )}
        <Field label="Reason" hint="Optional, for the audit log.">
          {(p) => <input {...p} className="input" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
        </Field>
        <Button type="submit" variant="primary" busy={busy}>
          Create key
        </Button>
      </form>
    </section>
  );
}
