import { useId } from 'react';
import { Button } from '../../ui/Button';

interface SaveBarProps {
  what: string;
  note: string;
  onNote: (note: string) => void;
  onSave: () => void;
  onDiscard: () => void;
  saving: boolean;
  /** The save button's words (default "Save changes"; "Request review" where review is required). */
  saveLabel?: string;
}

/** Sticky bar shown while there are unsaved changes: a note for the audit log, discard, save. */
export function SaveBar({ what, note, onNote, onSave, onDiscard, saving, saveLabel = 'Save changes' }: SaveBarProps) {
  const id = useId();
  return (
    <div className="savebar" role="region" aria-label="Unsaved changes">
      <span className="savebar__status">
        <span className="savebar__dot" aria-hidden="true" /> Unsaved changes to {what}
      </span>
      <label htmlFor={id} className="sr-only">
        Note for the audit log
      </label>
      <input id={id} className="input savebar__note" placeholder="Note for the audit log (optional)" value={note} onChange={(e) => onNote(e.target.value)} />
      <Button variant="ghost" onClick={onDiscard} disabled={saving}>
        Discard
      </Button>
      <Button variant="primary" onClick={onSave} busy={saving}>
        {saving ? 'Saving…' : saveLabel}
      </Button>
    </div>
  );
}
