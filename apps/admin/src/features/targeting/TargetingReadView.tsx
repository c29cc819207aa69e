import { useId } from 'react';
import type { Clause, EnvironmentConfig, Serve } from '@switchyard/core';
import { OPERATOR_LABELS, showValue } from './clause-values';
import { weightToPercent } from './rollout-weights';

interface TargetingReadViewProps {
  config: Pick<EnvironmentConfig, 'targets' | 'rules' | 'fallthrough' | 'prerequisites'>;
  variationNames: readonly string[];
}

/** The targeting as sentences, for roles that may read but not edit it. */
export function TargetingReadView({ config, variationNames }: TargetingReadViewProps) {
  const uid = useId();
  const name = (i: number) => variationNames[i] ?? `variation ${i}`;
  return (
    <div className="targeting targeting--read">
      <section className="card targeting__section" aria-labelledby={`${uid}-r-targets`}>
        <h3 id={`${uid}-r-targets`} className="section-title">
          Individual targets
        </h3>
        {config.targets.filter((t) => t.values.length > 0).length === 0 ? (
          <p className="muted small">None.</p>
        ) : (
          <ul className="read-list">
            {config.targets.map((t, i) => (
              <li key={i}>
                <ServeName name={name(t.variation)} /> to <Values values={t.values} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card targeting__section" aria-labelledby={`${uid}-r-rules`}>
        <h3 id={`${uid}-r-rules`} className="section-title">
          Rules
        </h3>
        {config.rules.length === 0 ? (
          <p className="muted small">None.</p>
        ) : (
          <ol className="read-list read-list--numbered">
            {config.rules.map((r, i) => (
              <li key={r.id ?? i}>
                {r.description && <p className="read-list__desc">{r.description}</p>}
                {r.clauses.length === 0 ? 'Everyone' : r.clauses.map((c, n) => <ClauseText key={n} clause={c} first={n === 0} />)} → <ServeText serve={r.serve} name={name} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card targeting__section" aria-labelledby={`${uid}-r-default`}>
        <h3 id={`${uid}-r-default`} className="section-title">
          Default rule
        </h3>
        <p>
          <ServeText serve={config.fallthrough} name={name} />
        </p>
      </section>
      {config.prerequisites.length > 0 && (
        <section className="card targeting__section" aria-labelledby={`${uid}-r-prereq`}>
          <h3 id={`${uid}-r-prereq`} className="section-title">
            Prerequisites
          </h3>
          <ul className="read-list">
            {config.prerequisites.map((p) => (
              <li key={p.flag}>
                <code>{p.flag}</code> serves variation {p.variation}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function ClauseText({ clause, first }: { clause: Clause; first: boolean }) {
  return (
    <span className="clause-text">
      {first ? 'If ' : ' and '}
      {clause.negate && <span className="negated">not</span>}
      {clause.op === 'segmentMatch' ? 'context' : <code>{clause.attribute}</code>} {OPERATOR_LABELS[clause.op]} <Values values={clause.values.map(showValue)} />
    </span>
  );
}

function Values({ values }: { values: readonly string[] }) {
  const shown = values.slice(0, 12);
  return (
    <span className="values">
      {shown.map((v, i) => (
        <code key={i} className="value">
          {v}
        </code>
      ))}
      {values.length > shown.length && <span className="muted"> +{values.length - shown.length} more</span>}
    </span>
  );
}

export function ServeName({ name }: { name: string }) {
  return <strong className="serve-name">{name}</strong>;
}

export function ServeText({ serve, name }: { serve: Serve; name: (i: number) => string }) {
  if ('variation' in serve)
    return (
      <>
        serve <ServeName name={name(serve.variation)} />
      </>
    );
  return (
    <>
      roll out{' '}
      {serve.rollout.variations.map((v, i) => (
        <span key={i}>
          {i > 0 && ', '}
          <ServeName name={name(v.variation)} /> {weightToPercent(v.weight)}%
        </span>
      ))}
      {serve.rollout.bucketBy && <span className="muted"> by {serve.rollout.bucketBy}</span>}
    </>
  );
}
