import { useState, type FormEvent } from 'react';
import type { CreateWebhookBody, WebhookView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { EmptyState, Loading } from '../../ui/Loading';

/** A comma-separated filter: empty means every one. */
const listOf = (text: string): string[] | undefined => {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

/** Outbound webhooks: subscriptions, their delivery logs, replays. */
export function WebhooksSection() {
  const api = useApi();
  const hooks = useResource(() => api.webhooks.list(), 'webhooks');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', url: '', format: 'json' as 'json' | 'slack', environments: '', flags: '', tags: '', actions: '' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: CreateWebhookBody = { name: form.name, url: form.url, format: form.format };
      for (const k of ['environments', 'flags', 'tags', 'actions'] as const) {
        const l = listOf(form[k]);
        if (l) body[k] = l;
      }
      const created = await api.webhooks.create(body);
      setSecret({ name: created.webhook.name, secret: created.secret });
      hooks.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const disable = async (w: WebhookView) => {
    const reason = window.prompt('Why disable it? (recorded in the audit log)')?.trim();
    if (!reason) return;
    try {
      await api.webhooks.disable(w.id, reason);
      hooks.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card integrations__section" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">Audit entries delivered to your tools, signed with X-Switchyard-Signature, in order, at least once.</p>
      {secret && (
        <div className="banner banner--info" role="status" data-testid="shown-once">
          <p className="banner__title">Webhook "{secret.name}" is subscribed</p>
          <p>Its signing secret, shown this once (receivers verify deliveries with it):</p>
          <code className="shown-once__value">{secret.secret}</code>{' '}
          <button type="button" className="btn btn--sm" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorBanner error={error} />
      <form className="integrations__form" onSubmit={(e) => void submit(e)} aria-label="New webhook">
        <Field label="Name" required>
          {(p) => <input {...p} className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}
        </Field>
        <Field label="URL" required>
          {(p) => <input {...p} className="input" type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://…" />}
        </Field>
        <Field label="Format">
          {(p) => (
            <select {...p} className="input" value={form.format} onChange={(e) => setForm({ ...form, format: e.target.value as 'json' | 'slack' })}>
              <option value="json">JSON (the audit entry)</option>
              <option value="slack">Slack incoming webhook</option>
            </select>
          )}
        </Field>
        {(['environments', 'flags', 'tags', 'actions'] as const).map((k) => (
          <Field key={k} label={`Only these ${k}`} hint="comma-separated; empty: all">
            {(p) => <input {...p} className="input" value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />}
          </Field>
        ))}
        <Button type="submit" variant="primary" busy={busy}>
          Subscribe
        </Button>
      </form>
      <ErrorBanner error={hooks.error} title="The webhooks could not be loaded." />
      {!hooks.data && !hooks.error && <Loading />}
      {hooks.data && hooks.data.items.length === 0 && <EmptyState title="No webhooks yet." />}
      {hooks.data?.items.map((w) => (
        <article key={w.id} className="integrations__hook" aria-label={`Webhook ${w.name}`}>
          <h3>
            {w.name} <span className="muted">{w.id}</span> {w.disabledAt && <span className="muted">(disabled {formatDateTime(w.disabledAt)})</span>}
          </h3>
          <p className="muted">
            {w.format} → <code>{w.url}</code>
            {(['environments', 'flags', 'tags', 'actions'] as const).map((k) => (w[k] ? ` · ${k}: ${w[k]!.join(', ')}` : ''))}
          </p>
          <Button size="sm" onClick={() => setOpen(open === w.id ? null : w.id)} aria-expanded={open === w.id}>
            {open === w.id ? 'Hide deliveries' : 'Deliveries'}
          </Button>{' '}
          {!w.disabledAt && (
            <Button size="sm" variant="danger" onClick={() => void disable(w)}>
              Disable
            </Button>
          )}
          {open === w.id && <DeliveryLog webhook={w} />}
        </article>
      ))}
    </section>
  );
}

/** The newest deliveries of one subscription, each with its attempts and a replay button. */
function DeliveryLog({ webhook }: { webhook: WebhookView }) {
  const api = useApi();
  const log = useResource(() => api.webhooks.deliveries(webhook.id), webhook.id);
  const [error, setError] = useState<unknown>(null);
  const replay = async (seq: number) => {
    const reason = window.prompt(`Why send entry #${seq} again? (recorded in the audit log)`)?.trim();
    if (!reason) return;
    try {
      await api.webhooks.replay(webhook.id, seq, reason);
      log.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="table-wrap">
      <ErrorBanner error={error ?? log.error} />
      {log.data && log.data.items.length === 0 && <p className="muted">Nothing delivered yet.</p>}
      {log.data && log.data.items.length > 0 && (
        <table className="table table--compact" aria-label={`Deliveries of ${webhook.name}`}>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">
                <span className="sr-only">Replay</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((d) => (
              <tr key={d.seq}>
                <th scope="row">#{d.seq}</th>
                <td>{d.status === 'delivered' && d.deliveredAt ? `delivered ${formatDateTime(d.deliveredAt)}` : 'pending'}</td>
                <td title={d.attemptLog.map((a) => `${a.attempt}: ${a.status ?? a.error} (${a.durationMs} ms, ${a.sender})`).join('\n')}>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '—')}</td>
                <td>
                  {!webhook.disabledAt && (
                    <Button size="sm" onClick={() => void replay(d.seq)}>
                      Replay
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
