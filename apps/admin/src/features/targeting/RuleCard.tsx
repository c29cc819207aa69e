import { useId, useRef } from 'react';
import { useAnnounce } from '../../app/announcer';
import { errorsUnder, type FieldErrors } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { ClauseRow } from './ClauseRow';
import { newClause, type RuleDraft } from './config-draft';
import { ServeEditor } from './ServeEditor';

interface RuleCardProps {
  rule: RuleDraft;
  index: number;
  count: number;
  onChange: (next: RuleDraft) => void;
  onRemove: () => void;
  onMove: (to: number) => void;
  variationNames: readonly string[];
  segmentKeys: readonly string[];
  errors: FieldErrors;
}

/** One targeting rule: conditions (all must match) and what it serves. */
export function RuleCard({ rule, index, count, onChange, onRemove, onMove, variationNames, segmentKeys, errors }: RuleCardProps) {
  const id = useId();
  const name = `Rule ${index + 1}`;
  const path = `rules[${index}]`;
  const announce = useAnnounce();
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  /** Moving re-inserts the card in the DOM, which drops focus: put it back on the button used. */
  const move = (to: number, button: 'up' | 'down') => {
    onMove(to);
    announce(`${name} moved to position ${to + 1}.`, 'info');
    requestAnimationFrame(() => {
      const preferred = button === 'up' ? up.current : down.current;
      const other = button === 'up' ? down.current : up.current;
      (preferred && !preferred.disabled ? preferred : other)?.focus();
    });
  };
  return (
    <li className={`rule ${errorsUnder(errors, path).length > 0 ? 'rule--invalid' : ''}`} aria-labelledby={`${id}-h`}>
      <div className="rule__head">
        <h4 id={`${id}-h`} className="rule__title">
          {name}
        </h4>
        <label htmlFor={`${id}-desc`} className="sr-only">
          {name} description
        </label>
        <input id={`${id}-desc`} className="input rule__desc" placeholder="Describe this rule (optional)" value={rule.description} onChange={(e) => onChange({ ...rule, description: e.target.value })} />
        <div className="rule__actions">
          <Button ref={up} size="sm" variant="ghost" disabled={index === 0} aria-label={`Move ${name} up`} onClick={() => move(index - 1, 'up')}>
            ↑
          </Button>
          <Button ref={down} size="sm" variant="ghost" disabled={index === count - 1} aria-label={`Move ${name} down`} onClick={() => move(index + 1, 'down')}>
            ↓
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Remove ${name}`} onClick={onRemove}>
            Remove
          </Button>
        </div>
      </div>
      <div className="rule__clauses">
        {rule.clauses.length === 0 && <p className="muted small">No conditions: this rule matches every context.</p>}
        {rule.clauses.map((c, ci) => (
          <ClauseRow
            key={c.uid}
            clause={c}
            first={ci === 0}
            label={`${name}, condition ${ci + 1}`}
            path={`${path}.clauses[${ci}]`}
            errors={errors}
            segmentKeys={segmentKeys}
            onChange={(next) => onChange({ ...rule, clauses: rule.clauses.map((x, n) => (n === ci ? next : x)) })}
            onRemove={() => onChange({ ...rule, clauses: rule.clauses.filter((_, n) => n !== ci) })}
          />
        ))}
        <Button size="sm" variant="ghost" onClick={() => onChange({ ...rule, clauses: [...rule.clauses, newClause()] })}>
          + Add condition
        </Button>
      </div>
      <ServeEditor
        draft={rule.serve}
        label={name}
        variationNames={variationNames}
        errors={errorsUnder(errors, `${path}.serve`).map((e) => e.message)}
        onChange={(serve) => onChange({ ...rule, serve })}
      />
    </li>
  );
}
