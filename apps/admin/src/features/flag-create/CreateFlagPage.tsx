import { FLAG_TYPES, VARIATION_TYPES, type FlagType, type VariationType } from '@switchyard/core';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { Link, navigate } from '../../app/router';
import { focusFirstInvalid } from '../../lib/focus';
import { errorsAt, fromServerIssues, NO_ERRORS, type FieldErrors } from '../../lib/field-errors';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { addTokens, TokenInput } from '../../ui/TokenInput';
import { lifetimeLabel } from '../flags/expiry';
import { ExpiryField } from '../variations/ExpiryField';
import { VariationPicker } from '../variations/VariationPicker';
import { VariationsEditor } from '../variations/VariationsEditor';
import { shiftIndexAfterRemoval } from '../variations/variation-draft';
import { buildCreateBody, initialForm, slugify, withType, withVariationType, type CreateFlagForm } from './create-flag-form';

const PLACED = new Set(['key', 'name', 'description', 'type', 'owner', 'tags', 'expiresAt', 'offVariation', 'onVariation']);

export function CreateFlagPage() {
  const uid = useId();
  const api = useApi();
  const announce = useAnnounce();
  const [form, setForm] = useState<CreateFlagForm>(() => initialForm(new Date()));
  const [keyTouched, setKeyTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<CreateFlagForm>) => setForm((f) => ({ ...f, ...patch }));
  const variationNames = form.variations.map((v, i) => v.name || `variation ${i}`);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildCreateBody(form, new Date());
    setFailure(null);
    if (!built.ok) {
      setErrors(built.errors);
      focusFirstInvalid();
      announce(`The flag cannot be created yet: ${built.errors.size} field${built.errors.size === 1 ? '' : 's'} to fix.`, 'error');
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const flag = await api.flags.create(built.body);
      announce(`Flag ${flag.key} created. It is off in every environment.`);
      navigate(`/flags/${encodeURIComponent(flag.key)}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ALREADY_EXISTS') setErrors(new Map([['key', ['is taken: flags are archived, never deleted, so their keys stay in use']]]));
      else if (err instanceof ApiError) setErrors(fromServerIssues(err.fieldIssues));
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="New flag" eyebrow={<Link to="/flags">Flags</Link>} subtitle="A new flag starts off in every environment." />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorBanner error={failure} placed={(p) => PLACED.has(p.replace(/^body\./, '')) || p.startsWith('body.variations')} />
        <section className="card form__section" aria-labelledby={`${uid}-basics`}>
          <h2 id={`${uid}-basics`} className="section-title">
            Basics
          </h2>
          <div className="form__grid">
            <Field label="Name" errors={errorsAt(errors, 'name')}>
              {(p) => (
                <input
                  {...p}
                  className="input"
                  value={form.name}
                  onChange={(e) => set({ name: e.target.value, ...(keyTouched ? {} : { key: slugify(e.target.value) }) })}
                />
              )}
            </Field>
            <Field label="Key" required errors={errorsAt(errors, 'key')} hint="Used in code. Lower-case letters, digits, . _ -; cannot be changed later.">
              {(p) => (
                <input
                  {...p}
                  className="input input--mono"
                  value={form.key}
                  spellCheck={false}
                  onChange={(e) => {
                    setKeyTouched(true);
                    set({ key: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field label="Owner" required errors={errorsAt(errors, 'owner')} hint="The team or person who removes this flag when it is done.">
              {(p) => <input {...p} className="input" value={form.owner} onChange={(e) => set({ owner: e.target.value })} />}
            </Field>
            <Field label="Type" required errors={errorsAt(errors, 'type')} hint={lifetimeLabel(form.type)}>
              {(p) => (
                <select {...p} className="select" value={form.type} onChange={(e) => setForm((f) => withType(f, e.target.value as FlagType, new Date()))}>
                  {FLAG_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <ExpiryField type={form.type} value={form.expiresAt} errors={errorsAt(errors, 'expiresAt')} onChange={(expiresAt) => set({ expiresAt, expiryTouched: true })} />
            <Field label="Description" errors={errorsAt(errors, 'description')} className="form__wide">
              {(p) => <textarea {...p} className="input" rows={2} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
            </Field>
            <Field label="Tags" errors={errorsAt(errors, 'tags')} className="form__wide">
              {(p) => (
                <TokenInput
                  {...p}
                  label="Tags"
                  values={form.tags}
                  placeholder="Type a tag, Enter to add"
                  onAdd={(texts) => {
                    const r = addTokens(texts, form.tags, (t, sofar) => (sofar.includes(t) ? { ok: false, message: `${t} is already added` } : { ok: true, value: t }));
                    if (r.list.length !== form.tags.length) set({ tags: r.list });
                    return r.refusal;
                  }}
                  onRemove={(i) => set({ tags: form.tags.filter((_, n) => n !== i) })}
                />
              )}
            </Field>
          </div>
        </section>

        {form.type === 'migration' ? (
          <section className="card form__section" aria-labelledby={`${uid}-migration`}>
            <h2 id={`${uid}-migration`} className="section-title">
              Migration
            </h2>
            <p className="muted small">
              A migration flag moves reads and writes from an old store to a new one: off → dual write → shadow → live → ramp down → complete. Its values are the
              stages; the server enforces their order.
            </p>
            <div className="check">
              <input id={`${uid}-backfill`} type="checkbox" className="checkbox" checked={form.backfillRequired} onChange={(e) => set({ backfillRequired: e.target.checked })} />
              <label htmlFor={`${uid}-backfill`}>
                The new store needs a backfill <span className="muted">(it cannot be read or compared until a backfill is attested complete)</span>
              </label>
            </div>
          </section>
        ) : (
          <section className="card form__section" aria-labelledby={`${uid}-values`}>
            <h2 id={`${uid}-values`} className="section-title">
              Values
            </h2>
            <Field label="Variation type" hint="Cannot be changed later.">
              {(p) => (
                <select {...p} className="select select--inline" value={form.variationType} onChange={(e) => setForm((f) => withVariationType(f, e.target.value as VariationType))}>
                  {VARIATION_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <VariationsEditor
              type={form.variationType}
              drafts={form.variations}
              errors={errors}
              onRemove={(i) => set({ offVariation: shiftIndexAfterRemoval(form.offVariation, i), onVariation: shiftIndexAfterRemoval(form.onVariation, i) })}
              onChange={(variations) => set({ variations })}
            />
            <div className="form__grid">
              <VariationPicker
                label="Off variation"
                hint="The safe default: served when the flag is off, killed, or cannot be evaluated."
                names={variationNames}
                value={form.offVariation}
                errors={errorsAt(errors, 'offVariation')}
                onChange={(offVariation) => set({ offVariation })}
              />
              <VariationPicker
                label="Served when on"
                hint="What everyone gets once the flag is turned on, until you add rules."
                names={variationNames}
                value={form.onVariation}
                errors={errorsAt(errors, 'onVariation')}
                onChange={(onVariation) => set({ onVariation })}
              />
            </div>
            <div className="check">
              <input id={`${uid}-client-side`} type="checkbox" className="checkbox" checked={form.clientSide} onChange={(e) => set({ clientSide: e.target.checked })} />
              <label htmlFor={`${uid}-client-side`}>
                Expose to client-side SDKs <span className="muted">(browsers see this flag's value, never its rules)</span>
              </label>
            </div>
          </section>
        )}

        <div className="form__footer">
          <Field label="Reason (audit log)" className="form__reason">
            {(p) => <input {...p} className="input" value={form.reason} placeholder="Optional" onChange={(e) => set({ reason: e.target.value })} />}
          </Field>
          <Link to="/flags" className="btn btn--ghost">
            Cancel
          </Link>
          <Button type="submit" variant="primary" busy={busy}>
            Create flag
          </Button>
        </div>
      </form>
    </>
  );
}
