import { errorsUnder, type FieldErrors } from '../../lib/field-errors';
import { Field } from '../../ui/Field';
import { addTokens, TokenInput } from '../../ui/TokenInput';

interface TargetsEditorProps {
  targets: readonly string[][];
  onChange: (next: string[][]) => void;
  variationNames: readonly string[];
  errors: FieldErrors;
}

/** Individual targets: context keys that get a variation before any rule is looked at. */
export function TargetsEditor({ targets, onChange, variationNames, errors }: TargetsEditorProps) {
  const set = (v: number, values: string[]) => onChange(variationNames.map((_, i) => (i === v ? values : (targets[i] ?? []))));
  return (
    <div className="targets">
      {variationNames.map((name, v) => {
        const values = targets[v] ?? [];
        const errs = errorsUnder(errors, `targets[${v}]`);
        const byIndex = new Map<number, string>();
        for (const e of errs) {
          const m = e.path.match(/\.values\[(\d+)\]$/);
          if (m) byIndex.set(Number(m[1]), e.message);
        }
        return (
          <Field key={v} label={`Serve ${name} to`} errors={errs.map((e) => e.message)} className="targets__row">
            {(p) => (
              <TokenInput
                {...p}
                label={`Context keys served ${name}`}
                values={values}
                tokenErrors={byIndex}
                placeholder="context key, Enter to add"
                onAdd={(texts) => {
                  const r = addTokens(texts, values, (key, sofar) => {
                    if (sofar.includes(key)) return { ok: false, message: `${key} is already listed` };
                    const other = targets.findIndex((list, i) => i !== v && list.includes(key));
                    if (other >= 0) return { ok: false, message: `${key} is already served ${variationNames[other]}: a key may appear in one list only` };
                    return { ok: true, value: key };
                  });
                  if (r.list.length !== values.length) set(v, r.list);
                  return r.refusal;
                }}
                onRemove={(i) => set(v, values.filter((_, n) => n !== i))}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
