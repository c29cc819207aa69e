import type { MigrationStage } from '@switchyard/core';
import { pipeline, STAGE_LABELS } from './migration-view';

/** off → dualwrite → shadow → live → rampdown → complete, the current stage highlighted. */
export function StagePipeline({ stage, envName }: { stage: MigrationStage; envName: string }) {
  const steps = pipeline(stage);
  return (
    <ol className="pipeline" aria-label={`Migration stages in ${envName}`}>
      {steps.map((s, i) => (
        <li key={s.stage} className={`pipeline__step pipeline__step--${s.status}`} aria-current={s.status === 'current' ? 'step' : undefined}>
          <div className="pipeline__head">
            <span className="pipeline__index" aria-hidden="true">
              {s.status === 'done' ? '✓' : i + 1}
            </span>
            <span className="pipeline__name">{STAGE_LABELS[s.stage]}</span>
            {s.status === 'current' && <span className="pipeline__now">current</span>}
            <span className="sr-only">{s.status === 'done' ? ' (passed)' : s.status === 'upcoming' ? ' (ahead)' : ''}</span>
          </div>
          <dl className="pipeline__plan">
            <dt>reads</dt>
            <dd>{s.reads}</dd>
            <dt>returns</dt>
            <dd>{s.returns}</dd>
            <dt>writes</dt>
            <dd>{s.writes}</dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}
