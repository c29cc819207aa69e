import { useId } from 'react';
import { useApi } from '../../app/api-context';
import { formatRelative } from '../../lib/format';
import { diffJson } from '../../lib/json-diff';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { DiffTable } from '../../ui/DiffTable';
import { actionLabel } from '../audit/audit-actions';

interface ConflictNoticeProps<T> {
  flagKey: string;
  envKey?: string;
  /** What the edit was based on, what is stored now, and what the person wants. */
  base: T;
  theirs: T;
  mine: T;
  baseVersion: number;
  currentVersion: number;
  onReapply: () => void;
  onTakeTheirs: () => void;
}

/**
 * Someone else saved first. Shows their change and this person's, side by side as diffs, and lets
 * them reapply their edit on top of the new version (to review, then save) or drop it. Their own
 * edit stays in the form either way until they choose.
 */
export function ConflictNotice<T>({ flagKey, envKey, base, theirs, mine, baseVersion, currentVersion, onReapply, onTakeTheirs }: ConflictNoticeProps<T>) {
  const uid = useId();
  const api = useApi();
  const last = useResource(() => api.audit.forFlag(flagKey, { limit: 1, ...(envKey ? { environment: envKey } : {}) }), `${flagKey}|${envKey}|${currentVersion}`);
  const entry = last.data?.items[0];
  const theirDiff = diffJson(base, theirs, { ignore: ['version', 'updatedAt'], limit: 100 });
  const myDiff = diffJson(base, mine, { ignore: ['version', 'updatedAt'], limit: 100 });
  return (
    <section className="conflict" aria-labelledby={`${uid}-conflict-h`}>
      <h3 id={`${uid}-conflict-h`} className="conflict__title">
        Someone else saved a change first
      </h3>
      <p>
        Your edit was based on version {baseVersion}; it is now at version {currentVersion}
        {entry && (
          <>
            {' '}
            — last change: <strong>{entry.actor}</strong> {actionLabel(entry.action)} <time dateTime={entry.at}>{formatRelative(entry.at)}</time>
            {entry.reason && <> (“{entry.reason}”)</>}
          </>
        )}
        . Nothing you typed is lost.
      </p>
      <div className="conflict__diffs">
        <div>
          <h4 className="conflict__sub">Their change</h4>
          <DiffTable rows={theirDiff.rows} truncated={theirDiff.truncated} caption="Their change" beforeLabel="Was" afterLabel="Now" />
        </div>
        <div>
          <h4 className="conflict__sub">Your change</h4>
          <DiffTable rows={myDiff.rows} truncated={myDiff.truncated} caption="Your change" beforeLabel="Was" afterLabel="Yours" />
        </div>
      </div>
      <div className="conflict__actions">
        <Button variant="primary" onClick={onReapply}>
          Reapply my change on their version
        </Button>
        <Button variant="ghost" onClick={onTakeTheirs}>
          Discard mine, keep theirs
        </Button>
      </div>
    </section>
  );
}
