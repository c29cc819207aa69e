interface SwitchProps {
  checked: boolean;
  onChange: (next: boolean) => void;
  label: string;
  disabled?: boolean;
  busy?: boolean;
  /**
   * When something overrides the switch (a kill switch), what is served instead: shown in place of
   * On/Off, greyed; the switch itself still says and flips the setting.
   */
  overridden?: string;
  /** Id of text that explains the override. */
  describedBy?: string;
}

/** An on/off switch (a button with role="switch"); Space and Enter flip it. */
export function Switch({ checked, onChange, label, disabled, busy, overridden, describedBy }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-busy={busy || undefined}
      aria-describedby={describedBy}
      disabled={disabled || busy}
      className={`switch ${checked ? 'switch--on' : ''} ${overridden ? 'switch--overridden' : ''}`}
      onClick={() => onChange(!checked)}
    >
      <span className="switch__thumb" aria-hidden="true" />
      <span className="switch__text" aria-hidden="true">
        {overridden ?? (checked ? 'On' : 'Off')}
      </span>
    </button>
  );
}
