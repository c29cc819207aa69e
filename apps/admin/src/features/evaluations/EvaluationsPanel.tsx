import type { FlagView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { DEFAULT_WINDOW_DAYS, REASON_LABELS, reasonExplanation } from '../reports/stale-report';
import { formatShare, summariseEvaluations } from './evaluation-summary';

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
    </div>
  );
}
