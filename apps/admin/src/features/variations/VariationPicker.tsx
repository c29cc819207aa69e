import { Field } from '../../ui/Field';

interface VariationPickerProps {
  label: string;
  names: readonly string[];
  value: number;
  onChange: (index: number) => void;
  hint?: string;
  errors?: readonly string[];
  hideLabel?: boolean;
}

/** Picks one of a flag's variations by index, showing their names. */
export function VariationPicker({ label, names, value, onChange, hint, errors, hideLabel }: VariationPickerProps) {
  return (
    <Field label={label} hint={hint} errors={errors} hideLabel={hideLabel}>
      {(p) => <VariationSelect {...p} names={names} value={value} onChange={onChange} />}
    </Field>
  );
}

type SelectProps = { names: readonly string[]; value: number; onChange: (index: number) => void; id?: string; 'aria-label'?: string; 'aria-describedby'?: string | undefined; 'aria-invalid'?: true | undefined };

export function VariationSelect({ names, value, onChange, ...rest }: SelectProps) {
  const known = value >= 0 && value < names.length;
  return (
    <select {...rest} className="select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {!known && <option value={value}>variation {value} (missing)</option>}
      {names.map((n, i) => (
        <option key={i} value={i}>
          {i}: {n}
        </option>
      ))}
    </select>
  );
}
