import type { AuditEntry } from '../../api/types';
import { useEnvironments } from '../../app/environments';
import { Link } from '../../app/router';
import { formatDateTime, formatRelative } from '../../lib/format';
import { changedFields, diffJson } from '../../lib/json-diff';
import { DiffTable } from '../../ui/DiffTable';
import { actionLabel, actionTone, DIFF_IGNORED } from './audit-actions';

const DIFF_LIMIT = 200;

/** One audit entry: who, when, what, why; the before/after diff behind a disclosure. */
export function AuditEntryItem({ entry, showFlag }: { entry: AuditEntry; showFlag: boolean }) {
  const { nameOf } = useEnvironments();
  const diff = diffJson(entry.before, entry.after, { ignore: DIFF_IGNORED, limit: DIFF_LIMIT });
  const fields = changedFields(diff.rows);
  const tone = actionTone(entry.action);
  return (
    <li className={`audit-entry audit-entry--${tone}`}>
      <span className="audit-entry__marker" aria-hidden="true" />
      <div className="audit-entry__main">
        <p className="audit-entry__line">
          <strong>{entry.actor}</strong> <span className={`action action--${tone}`}>{actionLabel(entry.action)}</span>
          {showFlag && entry.flagKey && (
            <>
              {' '}
              <Link to={`/flags/${encodeURIComponent(entry.flagKey)}`} className="code-link">
                {entry.flagKey}
              </Link>
            </>
          )}
          {entry.envKey && <span className="env-tag">{nameOf(entry.envKey)}</span>}
          {!entry.flagKey && entry.targetKey && <code className="value">{entry.targetKey}</code>}
        </p>
        {entry.reason && <p className="audit-entry__reason">“{entry.reason}”</p>}
        {entry.redacted && <p className="muted small">Key details are shown to admins only.</p>}
        {diff.rows.length > 0 && (
          <details className="audit-entry__details">
            <summary>
              {fields.length <= 4 ? `Changed ${fields.join(', ')}` : `Changed ${fields.length} fields`}
              <span className="muted"> · {diff.rows.length}{diff.truncated ? '+' : ''} value{diff.rows.length === 1 ? '' : 's'}</span>
            </summary>
            <DiffTable rows={diff.rows} truncated={diff.truncated} caption={`Changes in entry ${entry.seq}`} />
          </details>
        )}
      </div>
      <div className="audit-entry__meta">
        <time dateTime={entry.at} title={formatDateTime(entry.at)}>
          {formatRelative(entry.at)}
        </time>
        <span className="muted small">#{entry.seq}</span>
      </div>
    </li>
  );
}
