import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/api-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';

export type KillMode = 'kill' | 'restore';

interface KillDialogProps {
  mode: KillMode;
  flagKey: string;
  envName: string;
  /** The variation everyone gets while killed ("off (false)"). */
  offVariationLabel: string;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

/**
 * Asks why, says what will happen, and only then kills or restores. The reason is required (it
 * goes to the audit log with the change); the confirm button names the flag and environment.
 */
export function KillDialog({ mode, flagKey, envName, offVariationLabel, onConfirm, onClose }: KillDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kill = mode === 'kill';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why: the reason is recorded in the audit log.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      tone={kill ? 'danger' : 'restore'}
      onClose={busy ? () => {} : onClose}
      title={
        <>
          {kill ? 'Kill' : 'Restore'} <code>{flagKey}</code> in {envName}?
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <p className="dialog__lead">
          {kill ? (
            <>
              Every SDK in <strong>{envName}</strong> will serve <strong>{offVariationLabel}</strong> to everyone, whatever the rules say, as soon as
              the change reaches it. Nothing else about the flag changes.
            </>
          ) : (
            <>
              The kill switch is released: <strong>{envName}</strong> goes back to the flag's rules and on/off state as they were.
            </>
          )}
        </p>
        <Field label="Reason" required errors={error ? [error] : []} hint="Recorded in the audit log, with your name.">
          {(p) => (
            <input
              {...p}
              autoFocus
              className="input"
              value={reason}
              placeholder={kill ? 'e.g. INC-142: checkout errors spiking' : 'e.g. INC-142 resolved'}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="dialog__actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={kill ? 'danger' : 'restore'} busy={busy} disabled={!reason.trim()}>
            {busy ? (kill ? 'Killing…' : 'Restoring…') : `${kill ? 'Kill' : 'Restore'} in ${envName}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
