import type { VariationType } from '@switchyard/core';
import { errorsAt, type FieldErrors } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import type { VariationDraft } from './variation-draft';

interface VariationsEditorProps {
  type: VariationType;
  drafts: readonly VariationDraft[];
  onChange: (next: VariationDraft[]) => void;
  /** Called before a variation is removed, so indexes that point at it can follow. */
  onRemove?: (index: number) => void;
  errors: FieldErrors;
}

/** The values a flag can serve: name, value (typed by the flag's variation type) and a note. */
export function VariationsEditor({ type, drafts, onChange, onRemove, errors }: VariationsEditorProps) {
  const set = (i: number, patch: Partial<VariationDraft>) => onChange(drafts.map((d, n) => (n === i ? { ...d, ...patch } : d)));
  const canAdd = type !== 'boolean' || drafts.length < 2;
  return (
    <fieldset className="variations">
      <legend className="section-title">Variations</legend>
      <ol className="variations__list">
        {drafts.map((d, i) => (
          <li key={i} className="variations__row">
            <span className="variations__index" aria-hidden="true">
              {i}
            </span>
            <Field label={`Variation ${i} name`} errors={errorsAt(errors, `variations[${i}].name`)} className="variations__name">
              {(p) => <input {...p} className="input" value={d.name} onChange={(e) => set(i, { name: e.target.value })} />}
            </Field>
            <Field label="Value" errors={errorsAt(errors, `variations[${i}].value`)} className="variations__value">
              {(p) =>
                type === 'boolean' ? (
                  <select {...p} className="select" value={d.value} onChange={(e) => set(i, { value: e.target.value })}>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : type === 'json' ? (
                  <textarea {...p} className="input input--mono" rows={3} value={d.value} onChange={(e) => set(i, { value: e.target.value })} />
                ) : (
                  <input
                    {...p}
                    className={`input ${type === 'number' ? 'input--mono' : ''}`}
                    inputMode={type === 'number' ? 'decimal' : undefined}
                    value={d.value}
                    onChange={(e) => set(i, { value: e.target.value })}
                  />
                )
              }
            </Field>
            <Field label="Description" className="variations__desc">
              {(p) => <input {...p} className="input" value={d.description} onChange={(e) => set(i, { description: e.target.value })} />}
            </Field>
            <Button
              size="sm"
              variant="ghost"
              className="variations__remove"
              disabled={drafts.length <= 1}
              aria-label={`Remove variation ${i} (${d.name || 'unnamed'})`}
              onClick={() => {
                onRemove?.(i);
                onChange(drafts.filter((_, n) => n !== i));
              }}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      {errorsAt(errors, 'variations').map((e) => (
        <p key={e} className="field__errors">
          {e}
        </p>
      ))}
      {canAdd && (
        <Button size="sm" onClick={() => onChange([...drafts, { name: `variation-${drafts.length}`, value: type === 'json' ? '{}' : type === 'number' ? '0' : type === 'boolean' ? 'true' : '', description: '' }])}>
          Add variation
        </Button>
      )}
    </fieldset>
  );
}
