import { useEffect, useState } from 'react';
import type { FlagView, ReleasePlanView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useCan } from '../../app/session';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { LandedCount } from '../kill-switch/LandedCount';

/** The plan moves on the server's schedule, not on flag changes: read it again this often while shown. */
const POLL_MS = 2_000;
const LIVE = new Set(['draft', 'running', 'held']);

function dwellLeft(plan: ReleasePlanView, now: number): string | null {
  if (plan.state.phase !== 'soaking' || plan.state.landedAt === null) return null;
  const left = plan.definition.stages[plan.state.stage]!.minDwellMs - (now - Date.parse(plan.state.landedAt));
  if (left <= 0) return 'dwell over';
  const m = Math.floor(left / 60_000);
  return `${m > 0 ? `${m} min ` : ''}${Math.ceil((left % 60_000) / 1000)} s of dwell left`;
}

function nextDecision(plan: ReleasePlanView): string {
  const s = plan.state;
  if (s.status === 'held') return s.heldBecause === 'paused' ? 'Paused: resume to continue (the dwell starts over).' : 'A gate failed: held for a person.';
  if (s.status !== 'running') return `The plan is ${s.status}.`;
  if (s.phase === 'delivering') return 'Waiting for the stage to land on every connected SDK before the dwell starts.';
  if (s.phase === 'soaking') return 'Soaking: a failing gate acts at once; passing ones count after the dwell.';
  const waiting = (plan.judgements ?? []).filter((j) => j.verdict !== 'pass');
  return waiting.length > 0 ? `Judging: waiting on ${waiting.map((j) => j.gate).join(', ')} (never advances on silence).` : 'Judging: every gate passes; advancing at the next look.';
}

/** A flag's release plan in one environment as a timeline: stages, where it is, dwell, gates, landed counts, next decision. */
export function ReleasePanel({ flag, envKey }: { flag: FlagView; envKey: string }) {
  const api = useApi();
  const can = useCan();
  const announce = useAnnounce();
  const plans = useResource(() => api.releases.listFor(flag.key, envKey), `releases|${flag.key}|${envKey}`);
  const latest = plans.data?.items[0];
  const detail = useResource(() => (latest ? api.releases.get(latest.id) : Promise.resolve(undefined)), `release|${latest?.id ?? ''}|${latest?.updatedAt ?? ''}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const { reload } = plans;
  const reloadDetail = detail.reload;

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      reload();
      reloadDetail();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, reloadDetail]);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      announce(done);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const plan = detail.data ?? latest;
  const live = plan !== undefined && LIVE.has(plan.state.status);
  const canStart = !live && can('runReleasePlans') && flag.archivedAt === null && flag.type !== 'migration' && flag.variations.length > 1;
  const config = flag.environments[envKey];
  return (
    <section className="release-panel" aria-labelledby={`release-${envKey}`} data-testid={`release-${envKey}`}>
      <h3 id={`release-${envKey}`}>Release plan</h3>
      {error !== null && <ErrorBanner error={error} title="The release plan could not be changed." />}
      {plan === undefined && <p className="muted">No release plan in this environment.</p>}
      {plan !== undefined && (
        <>
          <p>
            <span className={`release-status release-status--${plan.state.status}`} data-testid="release-status">
              {plan.state.status}
            </span>{' '}
            {plan.state.status === 'running' && <span data-testid="release-phase">{plan.state.phase}</span>}{' '}
            {dwellLeft(plan, now) && <span className="muted">{dwellLeft(plan, now)}</span>}
          </p>
          <ol className="release-timeline" aria-label="Stages">
            {plan.definition.stages.map((stage, i) => (
              <li key={stage.name} aria-current={i === plan.state.stage ? 'step' : undefined} className={i < plan.state.stage ? 'done' : i === plan.state.stage ? 'current' : ''}>
                <strong>{stage.name}</strong> — {stage.migrationStage ? `migration to ${stage.migrationStage}` : [stage.percent > 0 ? `${stage.percent} %` : '', stage.segment ? `segment ${stage.segment}` : ''].filter(Boolean).join(' + ')}, dwell {Math.round(stage.minDwellMs / 60_000)} min
              </li>
            ))}
          </ol>
          {plan.state.status === 'running' && plan.state.phase === 'delivering' && plan.state.stageVersion !== null && (
            <p>
              Stage version landed <LandedCount flagKey={flag.key} envKey={envKey} version={plan.state.stageVersion} />
            </p>
          )}
          {(plan.judgements ?? []).length > 0 && (
            <table className="release-gates">
              <caption>Gates</caption>
              <thead>
                <tr>
                  <th scope="col">Gate</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Figure</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">Samples (new / old)</th>
                </tr>
              </thead>
              <tbody>
                {plan.judgements!.map((j) => (
                  <tr key={j.gate}>
                    <td>{j.gate}</td>
                    <td>{j.verdict}</td>
                    <td>{j.value === null ? '—' : Math.round(j.value * 1e4) / 1e4}</td>
                    <td>{j.threshold}</td>
                    <td>{j.signal === 'prometheus' ? 'Prometheus query' : `${j.treatment.samples} / ${j.control.samples}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p data-testid="release-next">{nextDecision(plan)}</p>
          <div className="release-actions">
            {plan.state.status === 'running' && can('runReleasePlans') && (
              <Button busy={busy} onClick={() => void act(() => api.releases.command(plan.id, 'pause'), 'Release plan paused')}>
                Pause
              </Button>
            )}
            {plan.state.status === 'held' && can('runReleasePlans') && (
              <Button busy={busy} onClick={() => void act(() => api.releases.command(plan.id, 'resume'), 'Release plan resumed')}>
                Resume
              </Button>
            )}
            {live && can('abortReleasePlan') && (
              <Button variant="danger" busy={busy} onClick={() => void act(() => api.releases.command(plan.id, 'abort', 'aborted from the admin UI'), 'Release plan aborted: the flag is killed')}>
                Abort release (kills the flag)
              </Button>
            )}
          </div>
        </>
      )}
      {canStart && config && !config.killed && (
        <Button
          variant="primary"
          busy={busy}
          onClick={() =>
            void act(
              () => api.releases.createFromTemplate(flag.key, envKey, { fromVariation: flag.offVariation, toVariation: flag.offVariation === 0 ? 1 : 0, owner: flag.owner }),
              'Release plan started from the template',
            )
          }
        >
          Start a release plan from the template
        </Button>
      )}
    </section>
  );
}
