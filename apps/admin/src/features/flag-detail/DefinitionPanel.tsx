import { useEffect, useId } from 'react';
import type { FlagView } from '../../api/types';
import { useCan } from '../../app/session';
import { errorsAt } from '../../lib/field-errors';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { addTokens, TokenInput } from '../../ui/TokenInput';
import { ExpiryBadge } from '../flags/ExpiryBadge';
import { ExpiryField } from '../variations/ExpiryField';
import { VariationPicker } from '../variations/VariationPicker';
import { VariationsEditor } from '../variations/VariationsEditor';
import { shiftIndexAfterRemoval } from '../variations/variation-draft';
import { ConflictNotice } from './ConflictNotice';
import { type DefinitionDraft, pickDefinition } from './definition-draft';
import { SaveBar } from './SaveBar';
import { useVersionedEditor } from '../../lib/use-versioned-editor';
import { definitionEditing } from './definition-editing';
import { useDefinitionReview } from '../change-requests/DefinitionReview';

interface DefinitionPanelProps {
  flag: FlagView;
  hidden: boolean;
  onSaved: (flag: FlagView) => void;
  onReload: () => void;
  onDirtyChange: (id: string, dirty: boolean) => void;
}

const PLACED = /^body\.(name|description|owner|tags|expiresAt|variations|offVariation|clientSide)/;

/** The flag's definition (shared by all environments): name, owner, expiry, variations, exposure. */
export function DefinitionPanel(props: DefinitionPanelProps) {
  const can = useCan();
  if (!can('editDefinition') || props.flag.archivedAt !== null) return <DefinitionReadView flag={props.flag} hidden={props.hidden} />;
  return <DefinitionEditor {...props} />;
}

function DefinitionEditor({ flag, hidden, onSaved, onReload, onDirtyChange }: DefinitionPanelProps) {
  const uid = useId();
  const editor = useVersionedEditor(flag, definitionEditing, { saved: onSaved, theirs: onReload });
  const { draft, errors } = editor;
  const edit = (patch: Partial<DefinitionDraft>) => editor.edit((d) => ({ ...d, ...patch }));
  const names = draft.variations.map((v, i) => v.name || `variation ${i}`);
  useEffect(() => onDirtyChange('definition', editor.dirty), [editor.dirty, onDirtyChange]);
  const review = useDefinitionReview(flag, editor);

  return (
    <div hidden={hidden} className="definition">
      {editor.conflict && (
        <ConflictNotice
          flagKey={flag.key}
          base={pickDefinition(editor.base)}
          theirs={pickDefinition(editor.conflict.current)}
          mine={editor.conflict.mine}
          baseVersion={editor.base.version}
          currentVersion={editor.conflict.currentVersion}
          onReapply={editor.reapply}
          onTakeTheirs={editor.takeTheirs}
        />
      )}
      {editor.notice && (
        <p className="banner banner--info" role="status">
          {editor.notice}
        </p>
      )}
      <ErrorBanner error={editor.failure} placed={(p) => PLACED.test(p)} />
      <section className="card form__section" aria-labelledby={`${uid}-def-about`}>
        <h2 id={`${uid}-def-about`} className="section-title">
          About
        </h2>
        <div className="form__grid">
          <Field label="Name" errors={errorsAt(errors, 'name')}>
            {(p) => <input {...p} className="input" value={draft.name} onChange={(e) => edit({ name: e.target.value })} />}
          </Field>
          <Field label="Owner" required errors={errorsAt(errors, 'owner')}>
            {(p) => <input {...p} className="input" value={draft.owner} onChange={(e) => edit({ owner: e.target.value })} />}
          </Field>
          <Field label="Description" errors={errorsAt(errors, 'description')} className="form__wide">
            {(p) => <textarea {...p} className="input" rows={2} value={draft.description} onChange={(e) => edit({ description: e.target.value })} />}
          </Field>
          <Field label="Tags" errors={errorsAt(errors, 'tags')} className="form__wide">
            {(p) => (
              <TokenInput
                {...p}
                label="Tags"
                values={draft.tags}
                placeholder="Type a tag, Enter to add"
                onAdd={(texts) => {
                  const r = addTokens(texts, draft.tags, (t, sofar) => (sofar.includes(t) ? { ok: false, message: `${t} is already added` } : { ok: true, value: t }));
                  if (r.list.length !== draft.tags.length) edit({ tags: r.list });
                  return r.refusal;
                }}
                onRemove={(i) => edit({ tags: draft.tags.filter((_, n) => n !== i) })}
              />
            )}
          </Field>
          <ExpiryField type={flag.type} value={draft.expiresAt} errors={errorsAt(errors, 'expiresAt')} onChange={(expiresAt) => edit({ expiresAt })} />
        </div>
      </section>
      {flag.type === 'migration' ? (
        <MigrationValues flag={flag} />
      ) : (
        <section className="card form__section" aria-labelledby={`${uid}-def-values`}>
          <h2 id={`${uid}-def-values`} className="section-title">
            Values <span className="muted small">({flag.variationType})</span>
          </h2>
          <VariationsEditor
            type={flag.variationType}
            drafts={draft.variations}
            errors={errors}
            onRemove={(i) => edit({ offVariation: shiftIndexAfterRemoval(draft.offVariation, i) })}
            onChange={(variations) => edit({ variations })}
          />
          <div className="form__grid">
            <VariationPicker
              label="Off variation"
              hint="Served when the flag is off, killed, or cannot be evaluated."
              names={names}
              value={draft.offVariation}
              errors={errorsAt(errors, 'offVariation')}
              onChange={(offVariation) => edit({ offVariation })}
            />
          </div>
          <div className="check">
            <input id={`${uid}-def-client`} type="checkbox" className="checkbox" checked={draft.clientSide} onChange={(e) => edit({ clientSide: e.target.checked })} />
            <label htmlFor={`${uid}-def-client`}>
              Expose to client-side SDKs <span className="muted">(browsers see this flag's value, never its rules)</span>
            </label>
          </div>
        </section>
      )}
      {review.shown}
      {editor.dirty && !hidden && (
        <SaveBar what="the flag" note={editor.note} onNote={editor.setNote} onSave={review.onSave ?? editor.save} saveLabel={review.onSave ? 'Request review' : undefined} onDiscard={editor.discard} saving={editor.saving} />
      )}
    </div>
  );
}

function DefinitionReadView({ flag, hidden }: { flag: FlagView; hidden: boolean }) {
  const uid = useId();
  return (
    <div hidden={hidden} className="definition">
      <section className="card form__section" aria-labelledby={`${uid}-defr-h`}>
        <h2 id={`${uid}-defr-h`} className="section-title">
          Definition
        </h2>
        <dl className="props">
          <dt>Owner</dt>
          <dd>{flag.owner}</dd>
          <dt>Description</dt>
          <dd>{flag.description || <span className="muted">—</span>}</dd>
          <dt>Expires</dt>
          <dd>
            <ExpiryBadge flag={flag} />
          </dd>
          <dt>Client-side</dt>
          <dd>{flag.clientSide ? 'Exposed to browser SDKs' : 'Server-side only'}</dd>
          <dt>Variations</dt>
          <dd>
            <ol className="read-list" start={0}>
              {flag.variations.map((v, i) => (
                <li key={i}>
                  <strong>{v.name}</strong> <code>{JSON.stringify(v.value)}</code>
                  {i === flag.offVariation && <span className="badge badge--plain">off variation</span>}
                  {v.description && <span className="muted"> — {v.description}</span>}
                </li>
              ))}
            </ol>
          </dd>
        </dl>
      </section>
    </div>
  );
}

/** A migration flag's variations are its stages: shown, never edited (the server refuses it). */
function MigrationValues({ flag }: { flag: FlagView }) {
  const uid = useId();
  return (
    <section className="card form__section" aria-labelledby={`${uid}-mv`}>
      <h2 id={`${uid}-mv`} className="section-title">
        Values <span className="muted small">(the migration stages)</span>
      </h2>
      <p className="muted small">Each stage is one variation; stage transitions choose which one SDKs get. They cannot be edited.</p>
      <ol className="read-list" start={0}>
        {flag.variations.map((v, i) => (
          <li key={i}>
            <strong>{v.name}</strong> <code>{JSON.stringify(v.value)}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}
