import { useId } from 'react';
import type { MigrationView } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/format';
import { formatGateValue, formatThreshold, gateRows, STAGE_LABELS } from './migration-view';

/** What the SDKs measured in this stage, against the gates of the moves they guard. */
export function GateFigures({ view }: { view: MigrationView }) {
  const uid = useId();
  const rows = gateRows(view);
  const f = view.figures;
  const ms = (v: number | null) => (v === null ? '—' : `${Number(v.toFixed(1))} ms`);
  return (
    <section className="card migration__section" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`} className="section-title">
        Gates and figures{' '}
        <span className="muted small">
          — measured in {STAGE_LABELS[view.stage].toLowerCase()} since{' '}
          <time dateTime={view.state.evidenceSince} title={formatDateTime(view.state.evidenceSince)}>
            {formatRelative(view.state.evidenceSince, new Date(f.now))}
          </time>
        </span>
      </h3>
      <table className="table table--gates">
        <caption className="sr-only">Gate figures against thresholds</caption>
        <thead>
          <tr>
            <th scope="col">Gate</th>
            <th scope="col">Measured</th>
            <th scope="col">Needs</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.gate} className={r.guardsNext ? 'gate--next' : undefined}>
              <th scope="row">{r.label}</th>
              <td className="num">{formatGateValue(r.gate, r.measured)}</td>
              <td className="num">{r.threshold === undefined ? '—' : formatThreshold(r.gate, r.threshold)}</td>
              <td>
                <GateStatus passed={r.passed} guardsNext={r.guardsNext} note={r.note} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="figures-row">
        <dl className="figures">
          <div>
            <dt>Compared reads</dt>
            <dd>
              {formatGateValue('comparedReads', f.comparedReads)} <span className="muted">({formatGateValue('comparedReads', f.consistentReads)} consistent)</span>
            </dd>
          </div>
          <div>
            <dt>New store</dt>
            <dd>
              {formatGateValue('comparedReads', f.newInvocations)} calls, {formatGateValue('comparedReads', f.newErrors)} errors
            </dd>
          </div>
          <div>
            <dt>Old store</dt>
            <dd>
              {formatGateValue('comparedReads', f.oldInvocations)} calls, {formatGateValue('comparedReads', f.oldErrors)} errors
            </dd>
          </div>
          <div>
            <dt>Check ratio</dt>
            <dd>{Math.round(view.checkRatio * 100)}% of reads compared</dd>
          </div>
        </dl>
        <table className="table table--latency">
          <caption>Latency per store</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">p50</th>
              <th scope="col">p99</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">old</th>
              <td className="num">{ms(f.latency.old.p50)}</td>
              <td className="num">{ms(f.latency.old.p99)}</td>
            </tr>
            <tr>
              <th scope="row">new</th>
              <td className="num">{ms(f.latency.new.p50)}</td>
              <td className="num">{ms(f.latency.new.p99)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GateStatus({ passed, guardsNext, note }: { passed: boolean | undefined; guardsNext: boolean; note: string | null }) {
  if (passed === undefined) return <span className="muted small">{note}</span>;
  return (
    <span className="gate-status">
      <span className={`badge badge--${passed ? 'pass' : 'fail'}`}>{passed ? 'passes' : 'not met'}</span>
      {!guardsNext && note && <span className="muted small"> {note}</span>}
    </span>
  );
}
