import { useState, type FormEvent } from 'react';
import type { TriggerAction, TriggerSecrets } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { EmptyState, Loading } from '../../ui/Loading';
import { ShownOnce } from './ShownOnce';

/** Incident triggers: URLs alerting tools call to kill or restore one flag in one environment, or hold or abort its release plan. */
export function TriggersSection() {
  const api = useApi();
  const { environments } = useEnvironments();
  const triggers = useResource(() => api.triggers.list(), 'triggers');
  const [shown, setShown] = useState<TriggerSecrets | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ name: '', flag: '', environment: environments[0]?.key ?? '', action: 'kill' as TriggerAction, signed: false });

  const run = async (work: () => Promise<TriggerSecrets | unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      if (result && typeof result === 'object' && 'url' in result) setShown(result as TriggerSecrets);
      triggers.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.triggers.create(form));
  };
  const ask = (what: string) => window.prompt(`Why ${what}? (recorded in the audit log)`)?.trim();

  return (
    <section className="card integrations__section" aria-labelledby="triggers-title">
      <h2 id="triggers-title">Incident triggers</h2>
      <p className="muted">A URL your alerting tool calls to kill (or restore) one flag in one environment, or to hold (or abort) the release plan running on it there. Calls are recorded as the trigger; see docs/integrations.md.</p>
      {shown && (
        <ShownOnce
          title={`Trigger "${shown.trigger.name}" is ready`}
          lines={[{ label: 'URL', value: `${window.location.origin}${shown.url}` }, ...(shown.signingSecret ? [{ label: 'Signing secret', value: shown.signingSecret }] : [])]}
          onDismiss={() => setShown(null)}
        />
      )}
      <ErrorBanner error={error} />
      <form className="integrations__form" onSubmit={submit} aria-label="New trigger">
        <Field label="Name" required>
          {(p) => <input {...p} className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="grafana: checkout 5xx" />}
        </Field>
        <Field label="Flag" required>
          {(p) => <input {...p} className="input" value={form.flag} onChange={(e) => setForm({ ...form, flag: e.target.value })} placeholder="flag key" />}
        </Field>
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
        <Field label="Action">
          {(p) => (
            <select {...p} className="input" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value as TriggerAction })}>
              <option value="kill">kill</option>
              <option value="restore">restore</option>
              <option value="hold-plan">hold-plan (pause its running release plan)</option>
              <option value="abort-plan">abort-plan (abort its release plan; kills)</option>
            </select>
          )}
        </Field>
        <label className="integrations__check">
          <input type="checkbox" checked={form.signed} onChange={(e) => setForm({ ...form, signed: e.target.checked })} /> Calls must be signed
        </label>
        <Button type="submit" variant="primary" busy={busy}>
          Create trigger
        </Button>
      </form>
      <ErrorBanner error={triggers.error} title="The triggers could not be loaded." />
      {!triggers.data && !triggers.error && <Loading />}
      {triggers.data && triggers.data.items.length === 0 && <EmptyState title="No triggers yet." />}
      {triggers.data && triggers.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--compact" aria-label="Triggers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Action</th>
                <th scope="col">Flag</th>
                <th scope="col">Environment</th>
                <th scope="col">Signed</th>
                <th scope="col">URL</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.data.items.map((t) => (
                <tr key={t.id} className={t.disabledAt ? 'row--disabled' : undefined}>
                  <th scope="row">
                    {t.name} <span className="muted">{t.id}</span>
                  </th>
                  <td>{t.action}</td>
                  <td>{t.flagKey}</td>
                  <td>{t.envKey}</td>
                  <td>{t.signed ? 'yes' : 'no'}</td>
                  <td>
                    <code>{t.urlHint}</code>
                  </td>
                  <td>{formatDateTime(t.createdAt)}</td>
                  <td>
                    {t.disabledAt ? (
                      <span className="muted">disabled {formatDateTime(t.disabledAt)}</span>
                    ) : (
                      <>
                        <Button size="sm" busy={busy} onClick={() => { const r = ask('rotate it'); if (r) void run(() => api.triggers.rotate(t.id, r)); }}>
                          Rotate URL
                        </Button>{' '}
                        <Button size="sm" variant="danger" busy={busy} onClick={() => { const r = ask('disable it'); if (r) void run(() => api.triggers.disable(t.id, r)); }}>
                          Disable
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
