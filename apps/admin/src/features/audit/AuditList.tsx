import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { AuditEntryItem } from './AuditEntryItem';
import type { AuditPages } from './use-audit-pages';

/** A timeline of audit entries, newest first, with "load older". */
export function AuditList({ pages, showFlag, label }: { pages: AuditPages; showFlag: boolean; label: string }) {
  return (
    <div className="audit">
      <ErrorBanner error={pages.error} title="The audit log could not be loaded." />
      {pages.items.length === 0 && pages.loading && <Loading />}
      {pages.items.length === 0 && !pages.loading && !pages.error && <EmptyState title="No entries match." />}
      {pages.items.length > 0 && (
        <ol className="timeline" aria-label={label}>
          {pages.items.map((e) => (
            <AuditEntryItem key={e.seq} entry={e} showFlag={showFlag} />
          ))}
        </ol>
      )}
      {pages.hasMore && (
        <div className="audit__more">
          <Button onClick={pages.loadMore} busy={pages.loading}>
            Load older entries
          </Button>
        </div>
      )}
    </div>
  );
}
