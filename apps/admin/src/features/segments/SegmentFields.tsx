import { OPERATORS } from '@switchyard/core';
import { useId } from 'react';
import { errorsAt, errorsUnder, type FieldErrors } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { addTokens, TokenInput } from '../../ui/TokenInput';
import { ClauseRow } from '../targeting/ClauseRow';
import { newClause } from '../targeting/config-draft';
import { newSegmentRule, type SegmentDraft } from './segment-draft';

/** Segments do not nest: their rules may use every operator but segmentMatch. */
const SEGMENT_OPERATORS = OPERATORS.filter((op) => op !== 'segmentMatch');

interface SegmentFieldsProps {
  draft: SegmentDraft;
  onChange: (next: SegmentDraft) => void;
  errors: FieldErrors;
  /** Only a new segment's key may be typed. */
  isNew: boolean;
}

/** About, members (included / excluded keys) and rules of a segment. */
export function SegmentFields({ draft, onChange, errors, isNew }: SegmentFieldsProps) {
  const uid = useId();
  const set = (patch: Partial<SegmentDraft>) => onChange({ ...draft, ...patch });
  const tokenErrors = (field: 'included' | 'excluded') => {
    const m = new Map<number, string>();
    for (const e of errorsUnder(errors, field)) {
      const i = e.path.match(/^\w+\[(\d+)\]/);
      if (i) m.set(Number(i[1]), e.message);
    }
    return m;
  };
  const listErrors = (field: 'included' | 'excluded') => errorsUnder(errors, field).map((e) => e.message);

  return (
    <>
      <section className="card form__section" aria-labelledby={`${uid}-about`}>
        <h2 id={`${uid}-about`} className="section-title">
          About
        </h2>
        <div className="form__grid">
          {isNew && (
            <Field label="Key" required errors={errorsAt(errors, 'key')} hint="Flag rules name the segment by its key. Lower-case letters, digits, . _ -.">
              {(p) => <input {...p} className="input input--mono" spellCheck={false} value={draft.key} onChange={(e) => set({ key: e.target.value })} />}
            </Field>
          )}
          <Field label="Name" errors={errorsAt(errors, 'name')}>
            {(p) => <input {...p} className="input" value={draft.name} placeholder={draft.key || 'e.g. Beta testers'} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label="Description" errors={errorsAt(errors, 'description')} className="form__wide">
            {(p) => <textarea {...p} className="input" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
          </Field>
        </div>
      </section>

      <section className="card form__section" aria-labelledby={`${uid}-members`}>
        <h2 id={`${uid}-members`} className="section-title">
          Members
        </h2>
        <p className="muted small">A context is in the segment when its key is included, or when it is not excluded and a rule below matches.</p>
        <div className="form__grid">
          <Field label="Included context keys" errors={listErrors('included')} className="form__wide">
            {(p) => (
              <TokenInput
                {...p}
                label="Included context keys"
                values={draft.included}
                tokenErrors={tokenErrors('included')}
                placeholder="context key, Enter to add"
                onAdd={(texts) => {
                  const r = addTokens(texts, draft.included, (k, sofar) =>
                    sofar.includes(k)
                      ? { ok: false, message: `${k} is already included` }
                      : draft.excluded.includes(k)
                        ? { ok: false, message: `${k} is excluded: a key is either included or excluded` }
                        : { ok: true, value: k },
                  );
                  if (r.list.length !== draft.included.length) set({ included: r.list });
                  return r.refusal;
                }}
                onRemove={(i) => set({ included: draft.included.filter((_, n) => n !== i) })}
              />
            )}
          </Field>
          <Field label="Excluded context keys" errors={listErrors('excluded')} className="form__wide" hint="Never in the segment, whatever the rules say.">
            {(p) => (
              <TokenInput
                {...p}
                label="Excluded context keys"
                values={draft.excluded}
                tokenErrors={tokenErrors('excluded')}
                placeholder="context key, Enter to add"
                onAdd={(texts) => {
                  const r = addTokens(texts, draft.excluded, (k, sofar) =>
                    sofar.includes(k)
                      ? { ok: false, message: `${k} is already excluded` }
                      : draft.included.includes(k)
                        ? { ok: false, message: `${k} is included: a key is either included or excluded` }
                        : { ok: true, value: k },
                  );
                  if (r.list.length !== draft.excluded.length) set({ excluded: r.list });
                  return r.refusal;
                }}
                onRemove={(i) => set({ excluded: draft.excluded.filter((_, n) => n !== i) })}
              />
            )}
          </Field>
        </div>
      </section>

      <section className="card form__section" aria-labelledby={`${uid}-rules`}>
        <h2 id={`${uid}-rules`} className="section-title">
          Rules <span className="muted small">— a context matching any rule is in the segment</span>
        </h2>
        {draft.rules.length === 0 && <p className="muted small">No rules: only the included keys are in the segment.</p>}
        <ol className="rules">
          {draft.rules.map((rule, i) => {
            const name = `Rule ${i + 1}`;
            const path = `rules[${i}]`;
            const setRule = (next: typeof rule) => set({ rules: draft.rules.map((r, n) => (n === i ? next : r)) });
            return (
              <li key={rule.uid} className={`rule ${errorsUnder(errors, path).length > 0 ? 'rule--invalid' : ''}`} aria-label={name}>
                <div className="rule__head">
                  <h3 className="rule__title">{name}</h3>
                  <div className="rule__actions">
                    <Button size="sm" variant="ghost" aria-label={`Remove ${name}`} onClick={() => set({ rules: draft.rules.filter((_, n) => n !== i) })}>
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
                      segmentKeys={[]}
                      operators={SEGMENT_OPERATORS}
                      onChange={(next) => setRule({ ...rule, clauses: rule.clauses.map((x, n) => (n === ci ? next : x)) })}
                      onRemove={() => setRule({ ...rule, clauses: rule.clauses.filter((_, n) => n !== ci) })}
                    />
                  ))}
                  <Button size="sm" variant="ghost" onClick={() => setRule({ ...rule, clauses: [...rule.clauses, newClause()] })}>
                    + Add condition
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <Button onClick={() => set({ rules: [...draft.rules, newSegmentRule()] })}>+ Add rule</Button>
      </section>
    </>
  );
}
