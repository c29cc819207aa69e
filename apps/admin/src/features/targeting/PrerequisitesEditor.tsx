import type { EnvironmentConfig, Prerequisite } from '@switchyard/core';
import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/api-error';
import type { ConfigRecord, FlagView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useAnnounce } from '../../app/announcer';
import { jsonEqual } from '../../lib/json-equal';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';

/**
 * A flag's prerequisites in one environment: other flags that must be on and serve a given
 * variation there before this flag's targeting applies (otherwise it serves its off variation).
 * Saved on its own, against the config's version, like any config edit.
 */
export function PrerequisitesEditor({ flag, envKey, envName, config, onSaved }: { flag: FlagView; envKey: string; envName: string; config: EnvironmentConfig; onSaved: (c: ConfigRecord) => void }) {
  const api = useApi();
  const announce = useAnnounce();
  const uid = useId();
  const flags = useResource(() => api.flags.list(), 'flags|prerequisites');
  const [draft, setDraft] = useState<Prerequisite[]>(config.prerequisites);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  // A change saved elsewhere (or by us) becomes the new starting point when nothing is being edited here.
  const [base, setBase] = useState(config.prerequisites);
  useEffect(() => {
    if (!jsonEqual(config.prerequisites, base)) {
      if (jsonEqual(draft, base)) setDraft(config.prerequisites);
      setBase(config.prerequisites);
    }
  }, [config.prerequisites, base, draft]);

  const candidates = (flags.data ?? []).filter((f) => f.key !== flag.key && f.archivedAt === null);
  const variationsOf = (key: string) => (flags.data ?? []).find((f) => f.key === key)?.variations ?? [];
  const dirty = !jsonEqual(draft, config.prerequisites);
  const issues = (path: string) => (error instanceof ApiError ? error.fieldIssues.filter((i) => i.path === `body.${path}`).map((i) => i.message) : []);
  const set = (i: number, p: Prerequisite) => setDraft(draft.map((x, j) => (j === i ? p : x)));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.configs.update(flag.key, envKey, { baseVersion: config.version, prerequisites: draft });
      onSaved(saved);
      announce(`Prerequisites of ${flag.key} saved in ${envName}`);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card targeting__section" aria-labelledby={`${uid}-prereq`}>
      <h3 id={`${uid}-prereq`} className="section-title">
        Prerequisites
      </h3>
      <p className="muted small">Flags that must be on in {envName} and serve the chosen variation; otherwise this flag serves its off variation.</p>
      <ErrorBanner error={error} placed={(p) => /^body\.prerequisites\[\d+\]\.(flag|variation)$/.test(p)} />
      {draft.length === 0 && <p className="muted">No prerequisites.</p>}
      <ul className="read-list prerequisites">
        {draft.map((p, i) => {
          const known = candidates.some((f) => f.key === p.flag);
          return (
            <li key={i} className="prerequisites__row" aria-label={`Prerequisite ${i + 1}`}>
              <Field label="Flag" errors={issues(`prerequisites[${i}].flag`)}>
                {(props) => (
                  <select {...props} className="input" value={p.flag} onChange={(e) => set(i, { flag: e.target.value, variation: 0 })}>
                    {!known && <option value={p.flag}>{p.flag || 'Choose a flag'}</option>}
                    {candidates.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.name} ({f.key})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Serves" errors={issues(`prerequisites[${i}].variation`)}>
                {(props) => (
                  <select {...props} className="input" value={p.variation} onChange={(e) => set(i, { ...p, variation: Number(e.target.value) })}>
                    {variationsOf(p.flag).map((v, n) => (
                      <option key={n} value={n}>
                        {v.name || `variation ${n}`}
                      </option>
                    ))}
                    {variationsOf(p.flag).length === 0 && <option value={p.variation}>variation {p.variation}</option>}
                  </select>
                )}
              </Field>
              <Button size="sm" variant="ghost" onClick={() => setDraft(draft.filter((_, j) => j !== i))} aria-label={`Remove prerequisite ${i + 1}`}>
                Remove
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="prerequisites__actions">
        <Button size="sm" onClick={() => setDraft([...draft, { flag: candidates.find((f) => !draft.some((d) => d.flag === f.key))?.key ?? '', variation: 0 }])} disabled={!flags.data}>
          Add prerequisite
        </Button>
        {dirty && (
          <>
            <Button size="sm" variant="primary" busy={saving} onClick={() => void save()}>
              Save prerequisites
            </Button>
            <Button size="sm" onClick={() => setDraft(config.prerequisites)} disabled={saving}>
              Discard
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
