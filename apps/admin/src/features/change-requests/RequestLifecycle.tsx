import { useState } from 'react';
import type { ChangeRequest } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useActor, useCan } from '../../app/session';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { useReviewRequired } from './use-review-policies';

/** States the author may still edit, and anyone allowed may still cancel (server: change-request-states.ts). */
const EDITABLE = new Set(['draft', 'in-review', 'approved', 'scheduled', 'conflicted', 'apply-failed']);

interface RequestLifecycleProps {
  request: ChangeRequest;
  onChanged: (r: ChangeRequest) => void;
  onEdit: () => void;
}

/**
 * Schedule (an approved request, or any open one where review is not required), unschedule, edit
 * (its author: a new revision voids every approval) and cancel (its author or an admin).
 */
export function RequestLifecycle({ request: r, onChanged, onEdit }: RequestLifecycleProps) {
  const api = useApi();
  const actor = useActor();
  const can = useCan();
  const announce = useAnnounce();
  const reviewRequired = useReviewRequired(r.environment);
  const [at, setAt] = useState('');
  const [atError, setAtError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  if (r.kind !== 'change' || !EDITABLE.has(r.state)) return null;
  const mine = actor.name.trim().toLowerCase() === r.author.trim().toLowerCase();
  const editor = can('editTargeting');
  const schedulable = editor && (r.state === 'approved' || (!reviewRequired && (r.state === 'draft' || r.state === 'in-review')));
  const canCancel = mine || actor.role === 'admin';
  if (!mine && !canCancel && !schedulable && !(editor && r.state === 'scheduled')) return null;

  const run = async (what: string, f: () => Promise<ChangeRequest>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await f();
      onChanged(next);
      announce(`${what}: the request is ${next.state}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const schedule = () => {
    const when = at ? new Date(at) : null;
    if (!when || Number.isNaN(when.getTime())) return setAtError('Choose a date and time.');
    if (when.getTime() <= Date.now()) return setAtError('Choose a time in the future (or apply it now).');
    setAtError(null);
    void run('Scheduled', () => api.changeRequests.schedule(r.id, when.toISOString()));
  };

  return (
    <section aria-label="Schedule, edit or cancel" className="card">
      <ErrorBanner error={error} />
      {schedulable && (
        <div className="row row--end">
          <Field label="Apply at" hint="Your local time. Approvals, content and base versions are checked again then." errors={atError ? [atError] : []}>
            {(p) => <input {...p} type="datetime-local" step={1} className="input" value={at} onChange={(e) => setAt(e.target.value)} />}
          </Field>
          <Button busy={busy} onClick={schedule}>
            Schedule
          </Button>
        </div>
      )}
      <div className="row">
        {editor && r.state === 'scheduled' && (
          <Button busy={busy} onClick={() => void run('Unscheduled', () => api.changeRequests.unschedule(r.id))}>
            Unschedule
          </Button>
        )}
        {mine && (
          <Button disabled={busy} onClick={onEdit}>
            Edit request
          </Button>
        )}
        {canCancel && (
          <Button variant="danger" disabled={busy} onClick={() => setCancelling(true)}>
            Cancel request
          </Button>
        )}
      </div>
      {cancelling && (
        <ConfirmDialog
          title={`Cancel change request “${r.title}”?`}
          confirmLabel="Cancel request"
          variant="danger"
          onClose={() => setCancelling(false)}
          onConfirm={async (note) => {
            const next = await api.changeRequests.cancel(r.id, note);
            onChanged(next);
            announce(`Cancelled: the request is ${next.state}.`);
          }}
        >
          Nothing of it applies{r.state === 'scheduled' ? ', and its schedule is dropped' : ''}. A cancelled request cannot be reopened.
        </ConfirmDialog>
      )}
    </section>
  );
}
