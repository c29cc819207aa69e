import { useId } from 'react';
import type { FieldErrors } from '../../lib/field-errors';
import { errorsUnder } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { moveRule, newRule, type ConfigDraft } from './config-draft';
import { RuleCard } from './RuleCard';
import { ServeEditor } from './ServeEditor';
import { TargetsEditor } from './TargetsEditor';

interface TargetingEditorProps {
  draft: ConfigDraft;
  onChange: (next: ConfigDraft) => void;
  variationNames: readonly string[];
  segmentKeys: readonly string[];
  errors: FieldErrors;
}

/** Targets, then ordered rules (first match wins), then the default rule (fallthrough). */
export function TargetingEditor({ draft, onChange, variationNames, segmentKeys, errors }: TargetingEditorProps) {
  const uid = useId();
  const defaultVariation = draft.fallthrough.kind === 'variation' ? draft.fallthrough.variation : 0;
  return (
    <div className="targeting">
      <section className="card targeting__section" aria-labelledby={`${uid}-targets-h`}>
        <h3 id={`${uid}-targets-h`} className="section-title">
          Individual targets
        </h3>
        <p className="muted small">Matched by context key, before any rule.</p>
        <TargetsEditor targets={draft.targets} variationNames={variationNames} errors={errors} onChange={(targets) => onChange({ ...draft, targets })} />
      </section>

      <section className="card targeting__section" aria-labelledby={`${uid}-rules-h`}>
        <h3 id={`${uid}-rules-h`} className="section-title">
          Rules <span className="muted small">— evaluated in order; the first match wins</span>
        </h3>
        {draft.rules.length === 0 && <p className="muted small">No rules yet.</p>}
        <ol className="rules">
          {draft.rules.map((rule, i) => (
            <RuleCard
              key={rule.uid}
              rule={rule}
              index={i}
              count={draft.rules.length}
              variationNames={variationNames}
              segmentKeys={segmentKeys}
              errors={errors}
              onChange={(next) => onChange({ ...draft, rules: draft.rules.map((r, n) => (n === i ? next : r)) })}
              onRemove={() => onChange({ ...draft, rules: draft.rules.filter((_, n) => n !== i) })}
              onMove={(to) => onChange({ ...draft, rules: moveRule(draft.rules, i, to) })}
            />
          ))}
        </ol>
        <Button onClick={() => onChange({ ...draft, rules: [...draft.rules, newRule(defaultVariation)] })}>+ Add rule</Button>
      </section>

      <section className="card targeting__section" aria-labelledby={`${uid}-fallthrough-h`}>
        <h3 id={`${uid}-fallthrough-h`} className="section-title">
          Default rule
        </h3>
        <p className="muted small">When the flag is on and no target or rule matches.</p>
        <ServeEditor
          draft={draft.fallthrough}
          label="Default rule"
          variationNames={variationNames}
          errors={errorsUnder(errors, 'fallthrough').map((e) => e.message)}
          onChange={(fallthrough) => onChange({ ...draft, fallthrough })}
        />
      </section>
    </div>
  );
}
