import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';

interface RequestReviewDialogProps {
  title: string;
  /** Who must review, in words ("Production requires review"). */
  lead?: string;
  /** The change in sentences (a *ChangeText table). */
  children: ReactNode;
  defaultNote: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

/** "Review changes" before a request for review: the change in sentences, then its title. */
export function RequestReviewDialog({ title, lead, children, defaultNote, busy, onCancel, onConfirm }: RequestReviewDialogProps) {
  const [note, setNote] = useState(defaultNote);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm(note.trim());
  };
  return (
    <Dialog title={title} onClose={busy ? () => {} : onCancel}>
      <form onSubmit={submit} noValidate>
        <p className="dialog__lead">{lead ?? 'This environment requires review'}: nothing changes until someone else approves it.</p>
        {children}
        <Field label="What and why" hint="The change request's title, shown to reviewers.">
          {(p) => <input {...p} autoFocus className="input" value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="dialog__actions">
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? 'Requesting…' : 'Request review'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
