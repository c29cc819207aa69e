import type { MigrationStage, Refusal } from '@switchyard/core';
import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../api/api-error';
import type { TransitionResult } from '../../api/types';
import { useApi } from '../../app/api-context';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { pipeline, refusalsOf, STAGE_LABELS, type MoveRow } from './migration-view';
import { RefusalList } from './RefusalList';

interface MoveDialogProps {
  flagKey: string;
  envKey: string;
  envName: string;
  from: MigrationStage;
  row: MoveRow;
  /** Admins may force a move the stage machine refuses. */
  mayForce: boolean;
  onMoved: (result: TransitionResult) => void;
  /** The server refused the attempt (409 MIGRATION_REFUSED): its reasons. */
  onRefused: (to: MigrationStage, reasons: Refusal[]) => void;
  onClose: () => void;
}

/**
 * Asks why, says what the target stage does, and sends the move. The server decides: a refusal is
 * shown here with every reason (and is on the audit record). Admins may force a refused move after
 * an explicit warning.
 */
export function MoveDialog({ flagKey, envKey, envName, from, row, mayForce, onMoved, onRefused, onClose }: MoveDialogProps) {
  const api = useApi();
  const uid = useId();
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refusal[] | null>(null);
  const step = pipeline(row.to).find((s) => s.stage === row.to)!;
  const verb = row.direction === 'forward' ? 'Move' : 'Roll back';
  const knownRefusal = refused ?? (row.allowed ? null : [...row.reasons]);
  const forcing = mayForce && force && knownRefusal !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError('Say why: the reason is recorded in the audit log with the gate figures.');
      return;
    }
    setReasonError(null);
    setFailure(null);
    setBusy(true);
    try {
      const result = await api.migrations.transition(flagKey, envKey, { to: row.to, reason: reason.trim(), ...(forcing ? { force: true } : {}) });
      onMoved(result);
      onClose();
    } catch (err) {
      const reasons = refusalsOf(err);
      if (reasons) {
        setRefused(reasons);
        onRefused(row.to, reasons);
      } else setFailure(describeError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      tone={forcing ? 'danger' : 'default'}
      onClose={busy ? () => {} : onClose}
      title={
        <>
          {verb} <code>{flagKey}</code> to {STAGE_LABELS[row.to].toLowerCase()} in {envName}?
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <p className="dialog__lead">
          {STAGE_LABELS[from]} → <strong>{STAGE_LABELS[row.to]}</strong>: SDKs read <strong>{step.reads}</strong>, return the <strong>{step.returns}</strong> store's value and
          write <strong>{step.writes}</strong>, as soon as the change reaches them.
          {row.direction === 'back' && ' A move back is this migration’s rollback.'}
        </p>
        {refused && (
          <div className="banner banner--error" role="alert">
            <p className="banner__title">The server refused this move.</p>
            <RefusalList reasons={refused} label="Why the move was refused" />
            <p className="small">The refused attempt is recorded in the audit log. Nothing changed.</p>
          </div>
        )}
        {!refused && knownRefusal && (
          <div className="banner banner--warn" role="status">
            <p className="banner__title">The stage machine refuses this move right now:</p>
            <RefusalList reasons={knownRefusal} label="Why the move is refused" />
            <p className="small">Requesting it anyway records the refusal in the audit log.</p>
          </div>
        )}
        <Field label="Reason" required errors={reasonError ? [reasonError] : []} hint="Recorded in the audit log, with your name and the gate figures.">
          {(p) => (
            <input
              {...p}
              autoFocus
              className="input"
              value={reason}
              placeholder={row.direction === 'forward' ? 'e.g. backfill verified, shadow reads clean' : 'e.g. INC-204: new store timeouts'}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        {mayForce && knownRefusal && (
          <div className={`force ${force ? 'force--on' : ''}`}>
            <div className="check">
              <input id={`${uid}-force`} type="checkbox" className="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} aria-describedby={`${uid}-force-warn`} />
              <label htmlFor={`${uid}-force`}>Force this move (admin override)</label>
            </div>
            <p id={`${uid}-force-warn`} className="force__warning">
              <strong>Warning:</strong> forcing overrides every reason above. SDKs follow the {STAGE_LABELS[row.to].toLowerCase()} plan at once and may return values from a stale
              store — data your users see may be missing or out of date. The override is audited with the refusals it overrode.
            </p>
          </div>
        )}
        {failure && (
          <p className="field__errors" role="alert">
            {failure}
          </p>
        )}
        <div className="dialog__actions">
          <Button onClick={onClose} disabled={busy}>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          <Button type="submit" variant={forcing ? 'danger' : 'primary'} busy={busy}>
            {busy
              ? 'Sending…'
              : forcing
                ? `Force ${verb.toLowerCase()} to ${STAGE_LABELS[row.to].toLowerCase()}`
                : knownRefusal
                  ? 'Request move'
                  : `${verb} to ${STAGE_LABELS[row.to].toLowerCase()}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
