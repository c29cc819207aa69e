import type { FlagDefinition } from '@switchyard/core';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, versionConflictOf } from '../../api/api-error';
import type { FlagView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { fromServerIssues, mergeErrors, NO_ERRORS, type FieldErrors } from '../../lib/field-errors';
import { focusFirstInvalid } from '../../lib/focus';
import { jsonEqual } from '../../lib/json-equal';
import { rebaseEdit } from '../../lib/three-way-merge';
import { buildDefinition, changedDefinitionFields, DEFINITION_FIELDS, definitionToDraft, pickDefinition, type DefinitionDraft, type EditableDefinition } from './definition-draft';

export interface DefinitionConflict {
  current: FlagDefinition;
  currentVersion: number;
  mine: EditableDefinition;
}

/** Editing state of a flag's definition: draft, save with baseVersion, conflict flow. */
export function useDefinitionEditor(flag: FlagView, onSaved: (f: FlagView) => void, onTheirs: () => void) {
  const api = useApi();
  const announce = useAnnounce();
  const [base, setBase] = useState<FlagDefinition>(flag);
  const [draft, setDraft] = useState<DefinitionDraft>(() => definitionToDraft(flag));
  const [conflict, setConflict] = useState<DefinitionConflict | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(NO_ERRORS);
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const built = useMemo(() => buildDefinition(draft, base), [draft, base]);
  const dirty = !built.ok || Object.keys(changedDefinitionFields(pickDefinition(base), built.value)).length > 0;

  useEffect(() => {
    if (flag.version === base.version) return;
    if (jsonEqual(pickDefinition(flag), pickDefinition(base)) || !dirty) {
      setBase(flag);
      if (!dirty) setDraft(definitionToDraft(flag));
    }
  }, [flag]);

  const reset = (to: FlagDefinition) => {
    setBase(to);
    setDraft(definitionToDraft(to));
    setServerErrors(NO_ERRORS);
    setShowErrors(false);
    setFailure(null);
  };

  const save = async () => {
    setFailure(null);
    if (!built.ok) {
      setShowErrors(true);
      focusFirstInvalid();
      announce('Fix the highlighted fields before saving.', 'error');
      return;
    }
    const changes = changedDefinitionFields(pickDefinition(base), built.value);
    if (Object.keys(changes).length === 0) return;
    setSaving(true);
    try {
      const saved = await api.flags.update(flag.key, { ...changes, baseVersion: base.version, ...(note.trim() ? { reason: note.trim() } : {}) });
      reset(saved);
      setNote('');
      setNotice(null);
      onSaved(saved);
      announce(`Flag saved (version ${saved.version}).`);
    } catch (err) {
      const c = versionConflictOf<FlagDefinition>(err);
      if (c) {
        setConflict({ current: c.current, currentVersion: c.currentVersion, mine: built.value });
        announce('Someone else changed this flag first. Review both changes.', 'error');
      } else {
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
          setServerErrors(fromServerIssues(err.fieldIssues));
          setShowErrors(true);
        }
        setFailure(err);
      }
    } finally {
      setSaving(false);
    }
  };

  /** What saving would change (null: nothing, or the draft does not validate: errors are shown). */
  const pendingChanges = () => {
    if (!built.ok) {
      setShowErrors(true);
      focusFirstInvalid();
      announce('Fix the highlighted fields before requesting review.', 'error');
      return null;
    }
    const changes = changedDefinitionFields(pickDefinition(base), built.value);
    return Object.keys(changes).length === 0 ? null : changes;
  };

  /**
   * While an environment requires review, a definition edit (it reaches every environment) goes into
   * a change request there, based on the version it was edited from; the draft goes back to what is live.
   */
  const requestReview = async (envKey: string, title: string): Promise<string | null> => {
    const changes = pendingChanges();
    if (!changes) return null;
    setSaving(true);
    setFailure(null);
    try {
      const request = await api.changeRequests.create(envKey, { title, changes: [{ op: 'flag.update', key: flag.key, baseVersion: base.version, ...changes }] });
      reset(base);
      setNote('');
      setNotice(null);
      announce(`Review requested: change request ${request.id}.`);
      return request.id;
    } catch (err) {
      setFailure(err);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const reapply = () => {
    if (!conflict) return;
    const r = rebaseEdit(pickDefinition(base), conflict.mine, pickDefinition(conflict.current), DEFINITION_FIELDS);
    setBase(conflict.current);
    setDraft(definitionToDraft({ ...conflict.current, ...r.merged }));
    setConflict(null);
    onTheirs();
    setNotice(
      r.overlaps.length > 0
        ? `Reapplied on version ${conflict.currentVersion}. You both changed ${r.overlaps.join(', ')}: yours is shown; check it, then save.`
        : `Reapplied on version ${conflict.currentVersion}. Review, then save.`,
    );
  };

  const takeTheirs = () => {
    if (!conflict) return;
    reset(conflict.current);
    setConflict(null);
    onTheirs();
  };

  const edit = (patch: Partial<DefinitionDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerErrors(NO_ERRORS);
    setNotice(null);
  };

  const errors = showErrors ? mergeErrors(built.ok ? NO_ERRORS : built.errors, serverErrors) : serverErrors;
  return { base, draft, edit, dirty, errors, save, saving, failure, conflict, reapply, takeTheirs, discard: () => reset(base), note, setNote, notice, pendingChanges, requestReview };
}
