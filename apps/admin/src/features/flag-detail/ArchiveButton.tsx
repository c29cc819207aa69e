import { useState } from 'react';
import type { FlagView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useCan } from '../../app/session';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useEnvironments } from '../../app/environments';
import { ReviewRequested } from '../change-requests/ReviewRequested';
import { useEnvironmentsRequiringReview } from '../change-requests/use-review-policies';

/** Archive (flags are never deleted) or unarchive. SDKs stop receiving an archived flag. */
export function ArchiveButton({ flag, onChanged }: { flag: FlagView; onChanged: (f: FlagView) => void }) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const { nameOf } = useEnvironments();
  const [open, setOpen] = useState(false);
  const guarded = useEnvironmentsRequiringReview();
  const [requested, setRequested] = useState<string | null>(null);
  if (!can('archive')) return null;
  const archived = flag.archivedAt !== null;
  const verb = archived ? 'unarchive' : 'archive';
  // Archiving reaches every environment: while one requires review, it goes through a change request there.
  const env = guarded[0];
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        {env !== undefined ? `Request ${verb}` : archived ? 'Unarchive' : 'Archive'}
      </Button>
      {requested && <ReviewRequested id={requested} />}
      {open && env !== undefined && (
        <ConfirmDialog
          title={`Request review: ${verb} ${flag.key}`}
          confirmLabel="Request review"
          variant={archived ? 'primary' : 'danger'}
          onClose={() => setOpen(false)}
          onConfirm={async (note) => {
            const request = await api.changeRequests.create(env, { title: note ?? `${archived ? 'Unarchive' : 'Archive'} ${flag.key}`, changes: [{ op: `flag.${verb}`, key: flag.key, baseVersion: flag.version }] });
            setRequested(request.id);
            announce(`Review requested: change request ${request.id}.`);
          }}
        >
          {guarded.map(nameOf).join(', ')} {guarded.length === 1 ? 'requires' : 'require'} review: nothing changes until someone else approves.{' '}
          {archived ? 'Once applied, the flag comes back in every environment.' : 'Once applied, SDKs stop receiving this flag in every environment.'}
        </ConfirmDialog>
      )}
      {open && env === undefined && (
        <ConfirmDialog
          title={`${archived ? 'Unarchive' : 'Archive'} ${flag.key}?`}
          confirmLabel={archived ? 'Unarchive' : 'Archive flag'}
          variant={archived ? 'primary' : 'danger'}
          onClose={() => setOpen(false)}
          onConfirm={async (note) => {
            const next = await api.flags.setArchived(flag.key, !archived, note);
            onChanged(next);
            announce(`${flag.key} ${archived ? 'unarchived' : 'archived'}.`);
          }}
        >
          {archived
            ? 'The flag comes back in every environment with the configuration it had.'
            : 'SDKs stop receiving this flag and fall back to the default in code. The key stays taken; the history is kept. You can unarchive it later.'}
        </ConfirmDialog>
      )}
    </>
  );
}
