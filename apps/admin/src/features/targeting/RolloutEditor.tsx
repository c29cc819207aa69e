import { useId } from 'react';
import { Button } from '../../ui/Button';
import { checkPercents, evenWeights, percentToWeight, weightToPercent } from './rollout-weights';
import type { RolloutRowDraft, ServeDraft } from './serve-draft';

type RolloutDraft = Extract<ServeDraft, { kind: 'rollout' }>;

interface RolloutEditorProps {
  draft: RolloutDraft;
  onChange: (next: RolloutDraft) => void;
  variationNames: readonly string[];
  /** Names the rollout for screen readers ("Rule 2 rollout"). */
  label: string;
}

/**
 * A percentage rollout. Percentages are checked as they are typed (each one, and the total, which
 * must be exactly 100%); they are stored as weights in 1/100,000ths when saved.
 */
export function RolloutEditor({ draft, onChange, variationNames, label }: RolloutEditorProps) {
  const id = useId();
  const check = checkPercents(draft.rows.map((r) => r.percent));
  const setRow = (i: number, patch: Partial<RolloutRowDraft>) => onChange({ ...draft, rows: draft.rows.map((r, n) => (n === i ? { ...r, ...patch } : r)) });
  const missing = variationNames.map((_, i) => i).filter((v) => !draft.rows.some((r) => r.variation === v));
  const splitEvenly = () => {
    const w = evenWeights(draft.rows.length);
    onChange({ ...draft, rows: draft.rows.map((r, i) => ({ ...r, percent: weightToPercent(w[i]!) })) });
  };

  return (
    <div className="rollout" role="group" aria-label={label}>
      <div className="rollout__bar" aria-hidden="true">
        {draft.rows.map((r, i) => {
          const p = percentToWeight(r.percent);
          const width = p.ok ? p.weight / 1000 : 0;
          return <span key={i} className={`rollout__segment rollout__segment--${r.variation % 6}`} style={{ width: `${Math.min(width, 100)}%` }} />;
        })}
      </div>
      <table className="rollout__table">
        <thead className="sr-only">
          <tr>
            <th scope="col">Variation</th>
            <th scope="col">Percentage</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {draft.rows.map((r, i) => {
            const error = check.rowErrors[i];
            const inputId = `${id}-row-${i}`;
            return (
              <tr key={r.variation} className={error ? 'rollout__row--invalid' : undefined}>
                <th scope="row">
                  <label htmlFor={inputId} className="rollout__name">
                    <span className={`swatch swatch--${r.variation % 6}`} aria-hidden="true" />
                    {variationNames[r.variation] ?? `variation ${r.variation}`}
                  </label>
                </th>
                <td>
                  <span className="percent">
                    <input
                      id={inputId}
                      className="input input--percent"
                      inputMode="decimal"
                      value={r.percent}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${inputId}-err` : undefined}
                      onChange={(e) => setRow(i, { percent: e.target.value })}
                    />
                    <span aria-hidden="true">%</span>
                  </span>
                  {error && (
                    <span id={`${inputId}-err`} className="field__errors field__errors--inline">
                      {error}
                    </span>
                  )}
                </td>
                <td>
                  <Button size="sm" variant="ghost" disabled={draft.rows.length <= 1} aria-label={`Remove ${variationNames[r.variation] ?? r.variation} from the rollout`} onClick={() => onChange({ ...draft, rows: draft.rows.filter((_, n) => n !== i) })}>
                    Remove
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="rollout__footer">
        <output className={`rollout__total ${check.error ? 'rollout__total--bad' : 'rollout__total--ok'}`} aria-live="polite">
          {check.error ? `Total ${weightToPercent(check.total)}% — ${check.error}` : 'Total 100% ✓'}
        </output>
        <Button size="sm" variant="ghost" onClick={splitEvenly}>
          Split evenly
        </Button>
        {missing.map((v) => (
          <Button key={v} size="sm" variant="ghost" onClick={() => onChange({ ...draft, rows: [...draft.rows, { variation: v, percent: '0' }] })}>
            Add {variationNames[v]}
          </Button>
        ))}
        <label className="rollout__bucket">
          Bucket by
          <input className="input input--narrow input--mono" placeholder="key" value={draft.bucketBy} onChange={(e) => onChange({ ...draft, bucketBy: e.target.value })} />
        </label>
      </div>
    </div>
  );
}
