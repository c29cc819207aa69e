import { useState } from 'react';
import type { ChangeRequest } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useAnnounce } from '../../app/announcer';
import { useLiveChanges } from '../../app/live';
import { Link } from '../../app/router';
import { useActor, useCan } from '../../app/session';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { formatDateTime } from '../../lib/format';
import { EditRequestForm } from './EditRequestForm';
import { RequestChangeText } from './RequestChangeText';
import { RequestLifecycle } from './RequestLifecycle';

const OPEN = new Set(['in-review', 'approved']);

/** One change request: what it changes in sentences, its approvals, and approve / reject / apply. */
export function ChangeRequestPage({ id }: { id: string }) {
  const api = useApi();
  const request = useResource(() => api.changeRequests.get(id), `change-request|${id}`);
  // Its author (and everyone else) sees it move as it moves: approved, applied, failed.
  useLiveChanges({ kind: 'change-request', key: id }, request.reload);
  const [editing, setEditing] = useState(false);
  const announce = useAnnounce();
  const r = request.data;
  if (!r) return request.error ? <ErrorBanner error={request.error} /> : <Loading />;
  return (
    <div className="change-request">
      <PageHeader eyebrow="Change request" title={r.title} subtitle={`${r.id} · ${r.environment} · by ${r.author}`} />
      <p>
        <span className={`badge badge--${r.state}`} data-testid="request-state">
          {r.state}
        </span>{' '}
        {r.kind === 'change' && (
          <span className="muted">
            {r.approvals.count} of {r.approvals.required} approval{r.approvals.required === 1 ? '' : 's'}
            {r.approvals.approvers.length > 0 && `: ${r.approvals.approvers.join(', ')}`}
          </span>
        )}
      </p>
      {r.state === 'scheduled' && r.scheduledAt && (
        <p className="banner banner--info" data-testid="request-schedule">
          Scheduled to apply at {formatDateTime(r.scheduledAt)}: everything is checked again then, and nothing applies if anything changed underneath.
        </p>
      )}
      {r.outcome?.error && (
        <p className="banner banner--error" role="alert">
          Not applied: {r.outcome.error.message}
        </p>
      )}
      {r.followUp ? (
        <p>
          Follow-up review: <code>{r.followUp.flag}</code> was restored by {r.followUp.by} without review ({r.followUp.reason}).
        </p>
      ) : (
        <section aria-label="Changes" className="card">
          {r.changes.map((c, i) => (
            <RequestChangeText key={i} env={r.environment} change={c} />
          ))}
        </section>
      )}
      {editing ? (
        <EditRequestForm
          request={r}
          onDone={(next) => {
            setEditing(false);
            if (next) {
              request.setData(next);
              announce(`Saved as revision ${next.revision}: the request is ${next.state}.`);
            }
          }}
        />
      ) : (
        <>
          <Actions request={r} onChanged={request.setData} />
          <RequestLifecycle request={r} onChanged={request.setData} onEdit={() => setEditing(true)} />
        </>
      )}
      {r.reviews.length > 0 && (
        <section aria-label="Reviews" className="card">
          <h3 className="section-title">Reviews</h3>
          <ul className="read-list">
            {r.reviews.map((v, i) => (
              <li key={i}>
                <strong>{v.reviewer}</strong> {v.decision === 'approve' ? 'approved' : 'rejected'} revision {v.revision}
                {!v.current && <span className="muted"> (an earlier content: no longer counts)</span>}
                {v.comment && <>: “{v.comment}”</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Actions({ request: r, onChanged }: { request: ChangeRequest; onChanged: (r: ChangeRequest) => void }) {
  const api = useApi();
  const actor = useActor();
  const can = useCan();
  const announce = useAnnounce();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mine = actor.name.trim().toLowerCase() === r.author.trim().toLowerCase();
  const reviewed = r.reviews.some((v) => v.current && v.reviewer === actor.name);
  const run = async (what: string, f: () => Promise<ChangeRequest>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await f();
      onChanged(next);
      setComment('');
      announce(`${what}: the request is ${next.state}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (!OPEN.has(r.state)) return null;
  const review = (decision: 'approve' | 'reject') => run(decision === 'approve' ? 'Approved' : 'Rejected', () => api.changeRequests.review(r.id, decision, { contentHash: r.contentHash, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
  return (
    <section aria-label="Review" className="card">
      <ErrorBanner error={error} />
      {mine ? (
        <p className="muted">You wrote this request: someone else reviews it.</p>
      ) : reviewed ? (
        <p className="muted">You reviewed this revision.</p>
      ) : (
        <>
          <Field label="Comment" hint="Shown with your review and in the audit log.">
            {(p) => <input {...p} className="input" value={comment} onChange={(e) => setComment(e.target.value)} />}
          </Field>
          <div className="row">
            <Button variant="primary" busy={busy} onClick={() => review('approve')}>
              Approve
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => review('reject')}>
              Reject
            </Button>
          </div>
        </>
      )}
      {r.state === 'approved' && r.kind === 'change' && can('editTargeting') && (
        <Button variant="primary" busy={busy} onClick={() => run('Applied', () => api.changeRequests.apply(r.id))}>
          Apply now
        </Button>
      )}
    </section>
  );
}

/** What the list shows: the requests still waiting for something (the default), or one state, or all. */
const SHOWN: Record<string, { label: string; states: readonly string[] | null }> = {
  open: { label: 'Waiting (in review, approved, scheduled)', states: ['draft', 'in-review', 'approved', 'scheduled', 'conflicted', 'apply-failed'] },
  'in-review': { label: 'In review', states: ['in-review'] },
  scheduled: { label: 'Scheduled', states: ['scheduled'] },
  'apply-failed': { label: 'Failed or conflicted', states: ['apply-failed', 'conflicted'] },
  applied: { label: 'Applied', states: ['applied'] },
  all: { label: 'All', states: null },
};

/** Change requests, newest first: by default those still waiting for a review, an apply or their time. */
export function ChangeRequestsPage() {
  const api = useApi();
  const list = useResource(() => api.changeRequests.list(), 'change-requests');
  useLiveChanges({ kind: 'change-request' }, list.reload);
  const [shown, setShown] = useState('open');
  const states = SHOWN[shown]?.states ?? null;
  const items = list.data?.filter((r) => !states || states.includes(r.state));
  return (
    <>
      <PageHeader title="Change requests" />
      <Field label="Show">
        {(p) => (
          <select {...p} className="select" value={shown} onChange={(e) => setShown(e.target.value)}>
            {Object.entries(SHOWN).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={list.data?.length ? 'No change requests here.' : 'No change requests yet.'} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Environment</th>
              <th scope="col">Author</th>
              <th scope="col">State</th>
              <th scope="col">Approvals</th>
              <th scope="col">Applies at</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/change-requests/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.environment}</td>
                <td>{r.author}</td>
                <td>{r.state}</td>
                <td>
                  {r.approvals.count} / {r.approvals.required}
                </td>
                <td>{r.scheduledAt ? formatDateTime(r.scheduledAt) : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
