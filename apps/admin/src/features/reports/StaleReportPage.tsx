import { useEffect, useId, useState, type FormEvent } from 'react';
import type { StaleFlag } from '../../api/types';
import { STALE_REASONS } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { Link, navigate } from '../../app/router';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { TypeBadge } from '../flags/ExpiryBadge';
import {
  countReasons,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  parseWindow,
  REASON_LABELS,
  reasonExplanation,
  singleVariationText,
  sortCandidates,
  windowFromQuery,
} from './stale-report';

/**
 * Cleanup candidates: flags past their expiry, not evaluated for the window, or serving one
 * variation to everyone for the window. Downloadable as CSV or JSON for a team's backlog.
 */
export function StaleReportPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const days = windowFromQuery(query);
  const report = useResource(() => api.reports.stale(days), String(days));
  useLiveChanges({ kind: 'flag' }, report.reload);
  const items = report.data ? sortCandidates(report.data.items) : [];
  const counts = countReasons(items);

  return (
    <>
      <PageHeader
        title="Cleanup"
        subtitle="Flags that have done their job: past their expiry, unused, or serving one value to everyone. Remove them from code, then archive them."
        actions={
          <>
            <a className="btn btn--sm" href={api.reports.staleUrl(days, 'csv')} download>
              <DownloadIcon /> Download CSV
            </a>
            <a className="btn btn--sm" href={api.reports.staleUrl(days, 'json')} download="switchyard-stale-flags.json">
              <DownloadIcon /> Download JSON
            </a>
          </>
        }
      />
      <WindowForm days={days} />
      {report.data && (
        <ul className="summary-tiles" aria-label="Candidates by reason">
          <li className="summary-tile">
            <span className="summary-tile__count">{items.length}</span>
            <span className="summary-tile__label">candidate{items.length === 1 ? '' : 's'}</span>
          </li>
          {STALE_REASONS.map((r) => (
            <li key={r} className={`summary-tile summary-tile--${r}`} title={reasonExplanation(r, days)}>
              <span className="summary-tile__count">{counts[r]}</span>
              <span className="summary-tile__label">{REASON_LABELS[r]}</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={report.error} title="The report could not be loaded." />
      {!report.data && !report.error && <Loading />}
      {report.data && items.length === 0 && <EmptyState title="Nothing to clean up.">No flag is past its expiry, unused or settled on one value for {days} days.</EmptyState>}
      {items.length > 0 && <StaleTable items={items} days={days} />}
    </>
  );
}

function WindowForm({ days }: { days: number }) {
  const id = useId();
  const [text, setText] = useState(String(days));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(days)), [days]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseWindow(text);
    if (n === null) {
      setError(`Enter a whole number of days from 1 to ${MAX_WINDOW_DAYS}.`);
      return;
    }
    setError(null);
    navigate(withQuery('/reports/stale', { days: n === DEFAULT_WINDOW_DAYS ? null : String(n) }), { replace: true });
  };
  return (
    <form className="filters filters--compact window-form" onSubmit={submit} noValidate>
      <div className="filters__group">
        <label htmlFor={`${id}-days`}>Window</label>
        <input
          id={`${id}-days`}
          className="input input--days"
          inputMode="numeric"
          value={text}
          aria-describedby={`${id}-hint${error ? ` ${id}-err` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="muted">days</span>
        <Button type="submit" size="sm">
          Apply
        </Button>
      </div>
      <p id={`${id}-hint`} className="muted small window-form__hint">
        Not evaluated, or one variation for everyone, for at least this long.
      </p>
      {error && (
        <p id={`${id}-err`} className="field__errors" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function StaleTable({ items, days }: { items: readonly StaleFlag[]; days: number }) {
  const { nameOf } = useEnvironments();
  const now = new Date();
  return (
    <div className="table-wrap">
      <table className="table table--stale">
        <caption className="sr-only">Cleanup candidates, with why each one is listed</caption>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Why</th>
            <th scope="col">Owner</th>
            <th scope="col">Expires</th>
            <th scope="col">Last evaluated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.key}>
              <th scope="row" className="table__flag">
                <Link to={`/flags/${encodeURIComponent(f.key)}`} className="flag-link">
                  <span className="flag-link__name">{f.name}</span>
                </Link>
                <div className="table__meta">
                  <code className="flag-link__key">{f.key}</code>
                  <TypeBadge type={f.type} />
                </div>
              </th>
              <td>
                <ul className="reasons" aria-label={`Why ${f.key} is listed`}>
                  {f.reasons.map((r) => (
                    <li key={r}>
                      <span
                        className={`badge badge--reason badge--reason-${r}`}
                        title={r === 'single-variation' ? `${reasonExplanation(r, days)} ${singleVariationText(f.singleVariation)}` : reasonExplanation(r, days)}
                      >
                        {REASON_LABELS[r]}
                      </span>
                    </li>
                  ))}
                </ul>
                {f.singleVariation.length > 0 && (
                  <ul className="single-variation" aria-label={`Variation served to everyone, per environment`}>
                    {f.singleVariation.map((s) => (
                      <li key={s.environment} title={`Since ${formatDateTime(s.since)}`}>
                        <span className="muted">{nameOf(s.environment)}</span> = <strong>{s.variation}</strong>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{f.owner}</td>
              <td>
                {f.expiresAt === null ? (
                  <span className="muted">Permanent</span>
                ) : (
                  <>
                    <time dateTime={f.expiresAt} title={formatDateTime(f.expiresAt)}>
                      {formatDate(f.expiresAt)}
                    </time>
                    <div className={`small ${Date.parse(f.expiresAt) <= now.getTime() ? 'text-expired' : 'muted'}`}>{formatRelative(f.expiresAt, now)}</div>
                  </>
                )}
              </td>
              <td>
                {f.lastEvaluatedAt ? (
                  <time dateTime={f.lastEvaluatedAt} title={formatDateTime(f.lastEvaluatedAt)}>
                    {formatRelative(f.lastEvaluatedAt, now)}
                  </time>
                ) : (
                  <span className="muted" title={`Created ${formatDate(f.createdAt)}`}>
                    Never
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DownloadIcon() {
  return (
    <svg className="btn__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
