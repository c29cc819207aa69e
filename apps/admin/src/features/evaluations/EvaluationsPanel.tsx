import type { FlagView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { DEFAULT_WINDOW_DAYS, REASON_LABELS, reasonExplanation } from '../reports/stale-report';
import { dailyTables, dayWindow, formatShare, summariseEvaluations } from './evaluation-summary';

/** How many days the "over time" tables show. */
const DAYS_SHOWN = 14;

/**
 * What SDKs report evaluating (their summaries): per environment, how often each variation was
 * served, since when and until when, and whether the cleanup report lists the flag, and why.
 */
export function EvaluationsPanel({ flag }: { flag: FlagView }) {
  const api = useApi();
  const { environments, nameOf } = useEnvironments();
  const usage = useResource(() => api.flags.evaluations(flag.key), `evaluations:${flag.key}`);
  const stale = useResource(() => api.reports.stale(DEFAULT_WINDOW_DAYS), `stale:${flag.key}`);
  const staleEntry = stale.data?.items.find((i) => i.key === flag.key);
  const envs = usage.data ? summariseEvaluations(usage.data, environments.map((e) => e.key)) : [];
  const daily = useResource(() => api.flags.evaluationDays(flag.key, DAYS_SHOWN), `evaluation-days:${flag.key}`);
  const perDay = daily.data ? dailyTables(daily.data, environments.map((e) => e.key), dayWindow(new Date().toISOString().slice(0, 10), DAYS_SHOWN)) : [];
  const lastEvaluatedAt = envs.map((e) => e.lastEvaluatedAt).sort().at(-1) ?? ''; // ISO times: the latest sorts last

  return (
    <div className="evaluations">
      <section className="card form__section" aria-labelledby="usage-stale-title">
        <h2 id="usage-stale-title">Cleanup</h2>
        <ErrorBanner error={stale.error} title="The cleanup report could not be loaded." />
        {!stale.data && !stale.error && <Loading />}
        {stale.data &&
          (staleEntry ? (
            <>
              <p data-testid="stale-verdict">
                A cleanup candidate ({DEFAULT_WINDOW_DAYS}-day window):{' '}
                {staleEntry.reasons.map((r) => (
                  <span key={r} className={`badge badge--reason badge--reason-${r}`}>
                    {REASON_LABELS[r]}
                  </span>
                ))}
              </p>
              <ul className="evaluations__reasons">
                {staleEntry.reasons.map((r) => (
                  <li key={r}>
                    {reasonExplanation(r, DEFAULT_WINDOW_DAYS)}
                    {r === 'single-variation' &&
                      ` (${staleEntry.singleVariation.map((s) => `${nameOf(s.environment)}: “${s.variation}” since ${formatDateTime(s.since)}`).join('; ')})`}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p data-testid="stale-verdict">Not a cleanup candidate: evaluated, and serving more than one variation, within the last {DEFAULT_WINDOW_DAYS} days.</p>
          ))}
      </section>
      <section className="card form__section" aria-labelledby="usage-counts-title">
        <h2 id="usage-counts-title">Evaluations</h2>
        <p className="muted">Counted by the SDKs and sent in their summaries (streaming SDKs only; polling clients send none).</p>
        <ErrorBanner error={usage.error} title="The evaluation counts could not be loaded." />
        {!usage.data && !usage.error && <Loading />}
        {usage.data && envs.length === 0 && <EmptyState title="No SDK has reported evaluating this flag." />}
        {lastEvaluatedAt && (
          <p data-testid="last-evaluated">
            Last evaluated {formatRelative(lastEvaluatedAt)} ({formatDateTime(lastEvaluatedAt)})
          </p>
        )}
        {envs.map((env) => (
          <div key={env.environment} className="table-wrap">
            <table className="table table--compact" aria-label={`Evaluations in ${nameOf(env.environment)}`}>
              <caption className="evaluations__caption">
                {nameOf(env.environment)}: {env.total.toLocaleString('en')} evaluations, last {formatRelative(env.lastEvaluatedAt)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Variation</th>
                  <th scope="col">Evaluations</th>
                  <th scope="col">Share</th>
                  <th scope="col">First served</th>
                  <th scope="col">Last served</th>
                </tr>
              </thead>
              <tbody>
                {env.variants.map((v) => (
                  <tr key={String(v.variant)}>
                    <th scope="row">{v.variant ?? <em>the caller's default</em>}</th>
                    <td>{v.count.toLocaleString('en')}</td>
                    <td>
                      <span className="evaluations__bar" aria-hidden="true">
                        <span style={{ width: `${Math.max(v.percent, 0.5)}%` }} />
                      </span>{' '}
                      {formatShare(v.percent)}
                    </td>
                    <td>{formatDateTime(v.firstEvaluatedAt)}</td>
                    <td>{formatDateTime(v.lastEvaluatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
      <section className="card form__section" aria-labelledby="usage-days-title">
        <h2 id="usage-days-title">Over time</h2>
        <p className="muted">Evaluations per UTC day over the last {DAYS_SHOWN} days, per variation.</p>
        <ErrorBanner error={daily.error} title="The counts per day could not be loaded." />
        {!daily.data && !daily.error && <Loading />}
        {daily.data && perDay.length === 0 && <EmptyState title={`No evaluations reported in the last ${DAYS_SHOWN} days.`} />}
        {perDay.map((t) => {
          const peak = Math.max(1, ...t.counts.flat());
          return (
            <div key={t.environment} className="table-wrap">
              <table className="table table--compact" aria-label={`Evaluations per day in ${nameOf(t.environment)}`} data-testid={`usage-days-${t.environment}`}>
                <caption className="evaluations__caption">{nameOf(t.environment)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {t.variants.map((v) => (
                      <th key={String(v)} scope="col">
                        {v ?? <em>the caller's default</em>}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.days.map((day, d) => (
                    <tr key={day}>
                      <th scope="row">{day}</th>
                      {t.counts[d]!.map((n, v) => (
                        <td key={String(t.variants[v])}>
                          <span className="evaluations__bar" aria-hidden="true">
                            <span style={{ width: `${n === 0 ? 0 : Math.max((n / peak) * 100, 0.5)}%` }} />
                          </span>{' '}
                          {n.toLocaleString('en')}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </section>
    </div>
  );
}
