import { useState, type KeyboardEvent } from 'react';

/** Tokens refused by {@link TokenInputProps.onAdd}, and the (last) reason. */
export interface TokenRefusal {
  texts: string[];
  message: string;
}

export type TokenCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Adds typed tokens to a list one by one, each checked against the list so far — earlier tokens of
 * the same paste included, so "a, a" adds one "a". Returns the new list and what was refused.
 */
export function addTokens<T>(texts: readonly string[], list: readonly T[], check: (text: string, sofar: readonly T[]) => TokenCheck<T>): { list: T[]; refusal: TokenRefusal | null } {
  const next = [...list];
  const refused: string[] = [];
  let message = '';
  for (const t of texts) {
    const r = check(t, next);
    if (r.ok) next.push(r.value);
    else {
      refused.push(t);
      message = r.message;
    }
  }
  return { list: next, refusal: refused.length > 0 ? { texts: refused, message } : null };
}

interface TokenInputProps {
  id?: string;
  values: readonly string[];
  /**
   * Adds the typed tokens — one, or several pasted at once ("a, b, c") — in a single change, and
   * returns the ones refused and why (they stay in the box). See {@link addTokens}.
   */
  onAdd: (texts: string[]) => TokenRefusal | null;
  onRemove: (index: number) => void;
  placeholder?: string;
  label: string;
  suggestions?: readonly string[];
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: true | undefined;
  /** Per-token problems (e.g. from core's checks), by index. */
  tokenErrors?: ReadonlyMap<number, string>;
}

/**
 * A list of values as removable chips plus a text box: Enter or comma adds what was typed (pasting
 * "a, b, c" adds three), Backspace in the empty box removes the last chip.
 */
export function TokenInput(props: TokenInputProps) {
  const { id, values, onAdd, onRemove, placeholder, label, suggestions, tokenErrors } = props;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const listId = id ? `${id}-suggestions` : undefined;

  const commit = (raw: string) => {
    const parts = raw.split(/[,\n]/).map((p) => p.trim()).filter(Boolean);
    const refused = parts.length > 0 ? onAdd(parts) : null;
    setText(refused ? refused.texts.join(', ') : '');
    setProblem(refused ? refused.message : null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === ',') && text.trim()) {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Backspace' && text === '' && values.length > 0) {
      onRemove(values.length - 1);
    }
  };

  return (
    <div className={`tokens ${props['aria-invalid'] || problem ? 'tokens--invalid' : ''}`}>
      <ul className="tokens__list" aria-label={`${label}: ${values.length} value${values.length === 1 ? '' : 's'}`}>
        {values.map((v, i) => (
          <li key={`${i}:${v}`} className={`token ${tokenErrors?.has(i) ? 'token--invalid' : ''}`} title={tokenErrors?.get(i)}>
            <span className="token__text">{v}</span>
            <button type="button" className="token__remove" aria-label={`Remove ${v}`} onClick={() => onRemove(i)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        className="tokens__input"
        value={text}
        placeholder={placeholder}
        list={suggestions && suggestions.length > 0 ? listId : undefined}
        aria-describedby={props['aria-describedby']}
        aria-invalid={props['aria-invalid'] ?? (problem ? true : undefined)}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && commit(text)}
      />
      {suggestions && suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      {problem && (
        <p className="field__errors" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
