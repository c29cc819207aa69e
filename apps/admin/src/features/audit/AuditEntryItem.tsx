import { describeChanges } from '@switchyard/core';
import type { AuditEntry } from '../../api/types';
import { useEnvironments } from '../../app/environments';
import { Link } from '../../app/router';
import { formatDateTime, formatRelative } from '../../lib/format';
import { changedFields, diffJson } from '../../lib/json-diff';
import { DescribedChanges } from '../../ui/DescribedChanges';
import { DiffTable } from '../../ui/DiffTable';
import { actionLabel, actionTone, DIFF_IGNORED } from './audit-actions';
import { useVariationNames } from './use-variation-names';

const DIFF_LIMIT = 200;

/** One audit entry: who, when, what, why; the before/after diff behind a disclosure. */
export function AuditEntryItem({ entry, showFlag }: { entry: AuditEntry; showFlag: boolean }) {
  const { nameOf } = useEnvironments();
  const diff = diffJson(entry.before, entry.after, { ignore: DIFF_IGNORED, limit: DIFF_LIMIT });
  const fields = changedFields(diff.rows);
  const tone = actionTone(entry.action);
  const names = useVariationNames(entry.resource === 'flag-config' ? entry.flagKey : null);
  // Targeting in words (variation names, percentages, rule sentences); the raw JSON diff one click away.
  const described = entry.resource === 'flag' || entry.resource === 'flag-config' ? describeChanges(entry.before, entry.after, names?.map((name) => ({ name }))) : [];
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
            {described.length > 0 ? (
              <>
                <DescribedChanges changes={described} caption={`Changes in entry ${entry.seq}, in words`} />
                <details className="audit-entry__raw">
                  <summary>Raw JSON changes</summary>
                  <DiffTable rows={diff.rows} truncated={diff.truncated} caption={`Changes in entry ${entry.seq}`} />
                </details>
              </>
            ) : (
              <DiffTable rows={diff.rows} truncated={diff.truncated} caption={`Changes in entry ${entry.seq}`} />
            )}
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
