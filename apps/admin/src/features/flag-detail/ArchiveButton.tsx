import { useState } from 'react';
import type { FlagView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useCan } from '../../app/session';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** Archive (flags are never deleted) or unarchive. SDKs stop receiving an archived flag. */
export function ArchiveButton({ flag, onChanged }: { flag: FlagView; onChanged: (f: FlagView) => void }) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  if (!can('archive')) return null;
  const archived = flag.archivedAt !== null;
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        {archived ? 'Unarchive' : 'Archive'}
      </Button>
      {open && (
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
