import { useId } from 'react';
import { VariationSelect } from '../variations/VariationPicker';
import { RolloutEditor } from './RolloutEditor';
import { toRolloutDraft, toVariationDraft, type ServeDraft } from './serve-draft';

interface ServeEditorProps {
  draft: ServeDraft;
  onChange: (next: ServeDraft) => void;
  variationNames: readonly string[];
  /** What is served ("Rule 2", "Default rule"), for labels. */
  label: string;
  errors?: readonly string[];
}

/** Serve one variation, or a percentage rollout across variations. */
export function ServeEditor({ draft, onChange, variationNames, label, errors = [] }: ServeEditorProps) {
  const id = useId();
  return (
    <fieldset className="serve">
      <legend className="sr-only">{label}: serve</legend>
      <div className="serve__choice">
        <span className="serve__label" aria-hidden="true">
          Serve
        </span>
        <span className="radio">
          <input
            type="radio"
            id={`${id}-v`}
            name={`${id}-kind`}
            checked={draft.kind === 'variation'}
            onChange={() => onChange(toVariationDraft(draft))}
          />
          <label htmlFor={`${id}-v`}>Variation</label>
        </span>
        {draft.kind === 'variation' && (
          <VariationSelect aria-label={`${label}: variation served`} names={variationNames} value={draft.variation} onChange={(variation) => onChange({ kind: 'variation', variation })} />
        )}
        <span className="radio">
          <input
            type="radio"
            id={`${id}-r`}
            name={`${id}-kind`}
            checked={draft.kind === 'rollout'}
            onChange={() => onChange(toRolloutDraft(draft, variationNames.length))}
          />
          <label htmlFor={`${id}-r`}>Percentage rollout</label>
        </span>
      </div>
      {draft.kind === 'rollout' && <RolloutEditor draft={draft} onChange={onChange} variationNames={variationNames} label={`${label} rollout`} />}
      {errors.length > 0 && (
        <ul className="field__errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
