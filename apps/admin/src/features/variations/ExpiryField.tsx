import type { FlagType } from '@switchyard/core';
import { useId } from 'react';
import { expiryWhenNotPermanent, fromDateInput, mayBePermanent, toDateInput } from '../flags/expiry';
import { FieldErrorList } from '../../ui/Field';

interface ExpiryFieldProps {
  type: FlagType;
  value: string | null;
  onChange: (next: string | null) => void;
  errors: readonly string[];
}

/** Expiry date, or "permanent" where the type allows it (ops, permission, kill-switch). */
export function ExpiryField({ type, value, onChange, errors }: ExpiryFieldProps) {
  const id = useId();
  const permanentAllowed = mayBePermanent(type);
  const permanent = value === null;
  return (
    <fieldset className={`field expiry-field ${errors.length ? 'field--invalid' : ''}`} aria-describedby={`${id}-hint`}>
      <legend className="field__label">Expires</legend>
      <div className="expiry-field__row">
        <label htmlFor={`${id}-date`} className="sr-only">
          Expiry date
        </label>
        <input
          id={`${id}-date`}
          type="date"
          className="input input--date"
          disabled={permanent}
          value={toDateInput(value)}
          aria-invalid={errors.length ? true : undefined}
          onChange={(e) => {
            const iso = fromDateInput(e.target.value);
            if (iso) onChange(iso);
          }}
        />
        {permanentAllowed && (
          <span className="check">
            <input
              id={`${id}-perm`}
              type="checkbox"
              className="checkbox"
              checked={permanent}
              onChange={(e) => onChange(e.target.checked ? null : expiryWhenNotPermanent(type, new Date()))}
            />
            <label htmlFor={`${id}-perm`}>Permanent</label>
          </span>
        )}
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {permanentAllowed ? 'Ops, permission and kill-switch flags may be permanent.' : 'Temporary flags must expire; stale flags are flagged in the list.'}
      </p>
      <FieldErrorList errors={errors} />
    </fieldset>
  );
}
