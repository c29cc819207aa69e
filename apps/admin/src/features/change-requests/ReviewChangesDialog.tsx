import type { EnvironmentConfig } from '@switchyard/core';
import { useState, type FormEvent } from 'react';
import type { ConfigEdit } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { ConfigChangeText } from './ConfigChangeText';

interface ReviewChangesDialogProps {
  title: string;
  before: EnvironmentConfig;
  change: ConfigEdit;
  variationNames: readonly string[];
  defaultNote: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

/** "Review changes": the change in sentences, then a request for someone else's review. */
export function ReviewChangesDialog({ title, before, change, variationNames, defaultNote, busy, onCancel, onConfirm }: ReviewChangesDialogProps) {
  const [note, setNote] = useState(defaultNote);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm(note.trim());
  };
  return (
    <Dialog title={title} onClose={busy ? () => {} : onCancel}>
      <form onSubmit={submit} noValidate>
        <p className="dialog__lead">This environment requires review: nothing changes until someone else approves it.</p>
        <ConfigChangeText before={before} change={change} variationNames={variationNames} />
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
