import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../api/api-error';
import type { MigrationView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { summarizeBackfills, type BackfillJobSummary } from './backfill-jobs';

interface BackfillCardProps {
  view: MigrationView;
  envName: string;
  mayAttest: boolean;
  onAttested: () => void;
}

/**
 * Backfill jobs as their batches reported them, and attestation: a store becomes fresh only when a
 * job reported success over the whole declared range (the server checks it).
 */
export function BackfillCard({ view, envName, mayAttest, onAttested }: BackfillCardProps) {
  const uid = useId();
  const jobs = summarizeBackfills(view.backfills);
  const [open, setOpen] = useState(false);
  const needsForward = !view.state.newStore.fresh;
  return (
    <section className="card migration__section" aria-labelledby={`${uid}-h`}>
      <div className="section-head">
        <h3 id={`${uid}-h`} className="section-title">
          Backfill
        </h3>
        {mayAttest && (
          <Button size="sm" onClick={() => setOpen(true)}>
            Attest a backfill…
          </Button>
        )}
      </div>
      <p className="muted small">
        {view.state.backfill.required
          ? 'This migration declared that the new store needs a backfill before it can serve reads.'
          : 'This migration declared that the new store needs no backfill.'}
        {needsForward && ' The new store stays stale until a forward backfill is attested.'}
      </p>
      {jobs.length === 0 ? (
        <p className="muted small">No backfill job has reported batches in {envName} yet.</p>
      ) : (
        <table className="table table--compact">
          <caption className="sr-only">Backfill jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Batches</th>
              <th scope="col">Range reported</th>
              <th scope="col">Rows changed</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.jobName}>
                <th scope="row">
                  <code>{j.jobName}</code>
                </th>
                <td>
                  {j.succeeded} of {j.batches} succeeded
                  {j.failed > 0 && <span className="text-killed"> · {j.failed} failed</span>}
                  {j.inFlight > 0 && <span className="muted"> · {j.inFlight} in flight</span>}
                </td>
                <td>
                  <code>
                    [{j.start}, {j.end})
                  </code>
                </td>
                <td className="num">{j.rowsChanged.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <AttestDialog view={view} envName={envName} jobs={jobs} onClose={() => setOpen(false)} onAttested={onAttested} />}
    </section>
  );
}

function AttestDialog({
  view,
  envName,
  jobs,
  onClose,
  onAttested,
}: {
  view: MigrationView;
  envName: string;
  jobs: BackfillJobSummary[];
  onClose: () => void;
  onAttested: () => void;
}) {
  const api = useApi();
  const uid = useId();
  const first = jobs[0];
  const [direction, setDirection] = useState<'forward' | 'reverse'>(view.state.newStore.fresh && !view.state.oldStore.fresh ? 'reverse' : 'forward');
  const [jobName, setJobName] = useState(first?.jobName ?? '');
  const [start, setStart] = useState(first?.start ?? '');
  const [end, setEnd] = useState(first?.end ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pickJob = (name: string) => {
    setJobName(name);
    const j = jobs.find((x) => x.jobName === name);
    if (j) {
      setStart(j.start);
      setEnd(j.end);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!jobName.trim() || !start.trim() || !end.trim() || !reason.trim()) {
      setError('Fill in the job, the full range it had to cover, and why.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.migrations.attest(view.flag, view.environment, { direction, jobName: jobName.trim(), range: { start: start.trim(), end: end.trim() }, reason: reason.trim() });
      onAttested();
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Attest a backfill in ${envName}`} onClose={busy ? () => {} : onClose}>
      <form onSubmit={submit} noValidate>
        <p className="dialog__lead">The server accepts the attestation only if the job reported success over the whole range, with no gap. The store then counts as fresh.</p>
        <fieldset className="radio-row">
          <legend className="field__label">Direction</legend>
          <span className="radio">
            <input type="radio" id={`${uid}-fwd`} name={`${uid}-dir`} checked={direction === 'forward'} onChange={() => setDirection('forward')} />
            <label htmlFor={`${uid}-fwd`}>Forward (old → new store)</label>
          </span>
          <span className="radio">
            <input type="radio" id={`${uid}-rev`} name={`${uid}-dir`} checked={direction === 'reverse'} onChange={() => setDirection('reverse')} />
            <label htmlFor={`${uid}-rev`}>Reverse (new → old store)</label>
          </span>
        </fieldset>
        <Field label="Job" required>
          {(p) => (
            <>
              <input {...p} className="input input--mono" list={`${uid}-jobs`} value={jobName} onChange={(e) => pickJob(e.target.value)} />
              <datalist id={`${uid}-jobs`}>
                {jobs.map((j) => (
                  <option key={j.jobName} value={j.jobName} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div className="form__grid">
          <Field label="Range start (included)" required>
            {(p) => <input {...p} className="input input--mono" value={start} onChange={(e) => setStart(e.target.value)} />}
          </Field>
          <Field label="Range end (excluded)" required>
            {(p) => <input {...p} className="input input--mono" value={end} onChange={(e) => setEnd(e.target.value)} />}
          </Field>
        </div>
        <Field label="Reason" required hint="Recorded in the audit log.">
          {(p) => <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. orders backfill verified by checksum" />}
        </Field>
        {error && (
          <p className="field__errors" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            Attest
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
