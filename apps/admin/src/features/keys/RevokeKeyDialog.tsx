import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/api-error';
import type { KeyView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';

/** Revokes a key after asking why (the server requires a reason; it goes to the audit log). */
export function RevokeKeyDialog({ apiKey, onRevoked, onClose }: { apiKey: KeyView; onRevoked: (key: KeyView) => void; onClose: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Reason is required: say why.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRevoked(await api.keys.revoke(apiKey.id, reason.trim()));
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Revoke key "${apiKey.name}"?`} onClose={busy ? () => {} : onClose} tone="danger">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog__lead">
          <p>Anything using it is refused from now on, and its open streams are closed. This cannot be undone.</p>
        </div>
        <Field label="Reason" required errors={error ? [error] : []}>
          {(p) => <input {...p} autoFocus className="input" value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="dialog__actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={busy}>
            Revoke
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
