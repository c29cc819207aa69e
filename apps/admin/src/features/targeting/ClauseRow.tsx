import { OPERATORS, type Operator } from '@switchyard/core';
import { useId } from 'react';
import { errorsUnder, type FieldErrors } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { addTokens, TokenInput } from '../../ui/TokenInput';
import { convertValues, forcedKind, OPERATOR_LABELS, parseClauseValue, showValue, valueHint, type ValueKind } from './clause-values';
import type { ClauseDraft } from './config-draft';

interface ClauseRowProps {
  clause: ClauseDraft;
  onChange: (next: ClauseDraft) => void;
  onRemove: () => void;
  /** "Rule 2, condition 1", for labels. */
  label: string;
  /** Error path of this clause: `rules[1].clauses[0]`. */
  path: string;
  errors: FieldErrors;
  segmentKeys: readonly string[];
  first: boolean;
  /** The operators offered (segment rules may not use segmentMatch). */
  operators?: readonly Operator[];
}

/** One condition: attribute, (not) operator, values. For segment match: the segments. */
export function ClauseRow({ clause, onChange, onRemove, label, path, errors, segmentKeys, first, operators = OPERATORS }: ClauseRowProps) {
  const id = useId();
  const isSegment = clause.op === 'segmentMatch';
  const kindChoice = forcedKind(clause.op) === null;
  const mine = errorsUnder(errors, path);
  const valueErrors = new Map<number, string>();
  for (const e of mine) {
    const m = e.path.slice(path.length).match(/^\.values\[(\d+)\]/);
    if (m) valueErrors.set(Number(m[1]), e.message);
  }

  const setOp = (op: Operator) => {
    const kind: ValueKind = forcedKind(op) ?? clause.kind;
    onChange({ ...clause, op, kind, values: convertValues(clause.values, op, kind), attribute: op === 'segmentMatch' ? 'key' : clause.attribute });
  };

  return (
    <div className="clause" role="group" aria-label={label}>
      <span className="clause__joiner" aria-hidden="true">
        {first ? 'If' : 'and'}
      </span>
      {isSegment ? (
        <span className="clause__context">context</span>
      ) : (
        <>
          <label htmlFor={`${id}-attr`} className="sr-only">
            {label}: attribute
          </label>
          <input
            id={`${id}-attr`}
            className="input input--mono clause__attr"
            value={clause.attribute}
            placeholder="attribute"
            spellCheck={false}
            aria-invalid={errorsUnder(errors, `${path}.attribute`).length > 0 ? true : undefined}
            onChange={(e) => onChange({ ...clause, attribute: e.target.value })}
          />
        </>
      )}
      <span className="check clause__negate">
        <input id={`${id}-neg`} type="checkbox" className="checkbox" checked={clause.negate} onChange={(e) => onChange({ ...clause, negate: e.target.checked })} />
        <label htmlFor={`${id}-neg`}>
          not<span className="sr-only"> (negate {label})</span>
        </label>
      </span>
      <label htmlFor={`${id}-op`} className="sr-only">
        {label}: operator
      </label>
      <select id={`${id}-op`} className="select clause__op" value={clause.op} onChange={(e) => setOp(e.target.value as Operator)}>
        {operators.map((op) => (
          <option key={op} value={op}>
            {OPERATOR_LABELS[op]}
          </option>
        ))}
      </select>
      {kindChoice && (
        <>
          <label htmlFor={`${id}-kind`} className="sr-only">
            {label}: value type
          </label>
          <select
            id={`${id}-kind`}
            className="select clause__kind"
            value={clause.kind}
            onChange={(e) => {
              const kind = e.target.value as ValueKind;
              onChange({ ...clause, kind, values: convertValues(clause.values, clause.op, kind) });
            }}
          >
            <option value="string">text</option>
            <option value="number">number</option>
            <option value="boolean">boolean</option>
          </select>
        </>
      )}
      <div className="clause__values">
        <label htmlFor={`${id}-values`} className="sr-only">
          {label}: {isSegment ? 'segments' : 'values'} ({valueHint(clause.op)})
        </label>
        <TokenInput
          id={`${id}-values`}
          label={`${label} ${isSegment ? 'segments' : 'values'}`}
          values={clause.values.map(showValue)}
          placeholder={valueHint(clause.op)}
          suggestions={isSegment ? segmentKeys : undefined}
          tokenErrors={valueErrors}
          aria-invalid={valueErrors.size > 0 ? true : undefined}
          onAdd={(texts) => {
            const r = addTokens(texts, clause.values, (text, sofar) => {
              const parsed = parseClauseValue(text, clause.op, clause.kind);
              if (!parsed.ok) return parsed;
              return sofar.some((v) => v === parsed.value) ? { ok: false, message: `"${text}" is already listed` } : parsed;
            });
            if (r.list.length !== clause.values.length) onChange({ ...clause, values: r.list });
            return r.refusal;
          }}
          onRemove={(i) => onChange({ ...clause, values: clause.values.filter((_, n) => n !== i) })}
        />
      </div>
      <Button size="sm" variant="ghost" className="clause__remove" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </Button>
      {mine.length > 0 && (
        <ul className="field__errors clause__errors">
          {mine.map((e, i) => (
            <li key={i}>
              {e.path.slice(path.length).replace(/^\./, '') || 'condition'}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
