import type { FlagView } from '../../api/types';
import { Link } from '../../app/router';
import { formatDate } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { ExpiryBadge, TypeBadge } from '../flags/ExpiryBadge';
import { ArchiveButton } from './ArchiveButton';

/** The flag's name and key, what kind of flag it is, who owns it, when it should go. */
export function FlagHeader({ flag, onChanged }: { flag: FlagView; onChanged: (f: FlagView) => void }) {
  return (
    <>
      <PageHeader
        eyebrow={<Link to="/flags">Flags</Link>}
        docTitle={flag.key}
        title={
          <>
            {flag.name} <code className="page-header__key">{flag.key}</code>
          </>
        }
        subtitle={
          <div className="flag-meta">
            <TypeBadge type={flag.type} />
            <span>
              Owner <strong>{flag.owner}</strong>
            </span>
            <span>
              Expires <ExpiryBadge flag={flag} />
            </span>
            {flag.clientSide && <span className="badge badge--plain">client-side</span>}
            {flag.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        }
        actions={<ArchiveButton flag={flag} onChanged={onChanged} />}
      />
      {flag.description && <p className="flag-description">{flag.description}</p>}
      {flag.archivedAt && (
        <p className="banner banner--warn" role="status">
          Archived on {formatDate(flag.archivedAt)}. SDKs no longer receive it; unarchive it to change it.
        </p>
      )}
    </>
  );
}
