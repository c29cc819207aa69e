import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FieldProps {
  label: ReactNode;
  /** Render the control with the given id and ARIA links. */
  children: (props: ControlProps) => ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  required?: boolean;
  className?: string;
  /** Visually hide the label (it stays for screen readers). */
  hideLabel?: boolean;
}

/** A labelled control with its hint and errors, linked by id so screen readers read them together. */
export function Field({ label, children, hint, errors = [], required, className, hideLabel }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-err` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${errors.length > 0 ? 'field--invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'field__label'}>
        {label}
        {required && <span className="field__required" aria-hidden="true"> *</span>}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errors.length > 0 ? true : undefined })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {errorId && <FieldErrorList id={errorId} errors={errors} />}
    </div>
  );
}

export function FieldErrorList({ id, errors }: { id?: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul id={id} className="field__errors">
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}
