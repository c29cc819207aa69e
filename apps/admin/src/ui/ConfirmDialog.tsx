import { useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../api/api-error';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { Field } from './Field';

interface ConfirmDialogProps {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  variant?: 'primary' | 'danger';
  /** Runs the action with the optional note; a thrown error is shown in the dialog. */
  onConfirm: (note: string | undefined) => Promise<void>;
  onClose: () => void;
}

/** Confirms a change and asks for an optional note for the audit log. */
export function ConfirmDialog({ title, children, confirmLabel, variant = 'primary', onConfirm, onClose }: ConfirmDialogProps) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm(note.trim() || undefined);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={busy ? () => {} : onClose} tone={variant === 'danger' ? 'danger' : 'default'}>
      <form onSubmit={submit} noValidate>
        {children && <div className="dialog__lead">{children}</div>}
        <Field label="Note for the audit log" errors={error ? [describeError(error)] : []}>
          {(p) => <input {...p} autoFocus className="input" value={note} placeholder="Optional" onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="dialog__actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={variant} busy={busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
