import type { EnvironmentConfig, FlagDefinition } from '@switchyard/core';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, versionConflictOf } from '../../api/api-error';
import type { ConfigRecord } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { fromServerIssues, mergeErrors, NO_ERRORS, type FieldErrors } from '../../lib/field-errors';
import { remapTargetPathString } from '../../lib/field-path-remap';
import { focusFirstInvalid } from '../../lib/focus';
import { jsonEqual } from '../../lib/json-equal';
import { rebaseEdit } from '../../lib/three-way-merge';
import { buildConfig, changedConfigFields, configToDraft, EDITED_FIELDS, pickEdited, segmentKeysIn, type ConfigDraft, type EditedConfig } from '../targeting/config-draft';

export interface ConfigConflict {
  current: EnvironmentConfig;
  currentVersion: number;
  /** What this person tried to save. */
  mine: EditedConfig;
}

/**
 * The editing state of one flag's targeting in one environment: the draft, the config it is based
 * on (whose version goes out as baseVersion), save, and the version-conflict flow.
 */
export function useConfigEditor(flag: FlagDefinition, envKey: string, config: EnvironmentConfig, segmentKeys: readonly string[] | null, onSaved: (c: EnvironmentConfig) => void) {
  const api = useApi();
  const announce = useAnnounce();
  const count = flag.variations.length;
  const [base, setBase] = useState<EnvironmentConfig>(config);
  const [draft, setDraft] = useState<ConfigDraft>(() => configToDraft(config, count));
  const [conflict, setConflict] = useState<ConfigConflict | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(NO_ERRORS);
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const segmentSet = useMemo(() => new Set(segmentKeys ?? segmentKeysIn(draft)), [segmentKeys, draft]);
  const built = useMemo(() => buildConfig(draft, flag, segmentSet), [draft, flag, segmentSet]);
  const dirty = !built.ok || Object.keys(changedConfigFields(pickEdited(base), built.config)).length > 0;

  // The config changed under us (toggle, kill, someone's save seen on reload): follow it.
  useEffect(() => {
    if (config.version === base.version) return;
    const sameTargeting = jsonEqual(pickEdited(config), pickEdited(base));
    if (sameTargeting) setBase(config);
    else if (!dirty) {
      setBase(config);
      setDraft(configToDraft(config, count));
    }
    // A dirty draft keeps its base: saving it meets the conflict flow, never a silent overwrite.
  }, [config]);

  const edit = (next: ConfigDraft) => {
    setDraft(next);
    setServerErrors(NO_ERRORS);
    setNotice(null);
  };

  const reset = (to: EnvironmentConfig) => {
    setBase(to);
    setDraft(configToDraft(to, count));
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
    const changes = changedConfigFields(pickEdited(base), built.config);
    if (Object.keys(changes).length === 0) return;
    setSaving(true);
    try {
      const saved: ConfigRecord = await api.configs.update(flag.key, envKey, { ...changes, baseVersion: base.version, ...(note.trim() ? { reason: note.trim() } : {}) });
      const { flagKey: _f, envKey: _e, updatedAt: _u, ...next } = saved;
      reset(next);
      setNote('');
      setNotice(null);
      onSaved(next);
      announce(`Targeting saved (version ${saved.version}).`);
    } catch (err) {
      const c = versionConflictOf<EnvironmentConfig>(err);
      if (c) {
        setConflict({ current: c.current, currentVersion: c.currentVersion, mine: built.config });
        announce('Someone else changed this first. Review both changes.', 'error');
      } else {
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
          const issues = err.fieldIssues.map((i) => ({ ...i, path: remapTargetPathString(i.path.replace(/^body\./, ''), built.targetVariations) }));
          setServerErrors(fromServerIssues(issues, ''));
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
    const changes = changedConfigFields(pickEdited(base), built.config);
    return Object.keys(changes).length === 0 ? null : changes;
  };

  /**
   * Where the environment requires review: the change goes into a change request (based on the
   * version it was edited from) instead of being saved; the draft goes back to what is live.
   */
  const requestReview = async (title: string): Promise<string | null> => {
    const changes = pendingChanges();
    if (!changes) return null;
    setSaving(true);
    setFailure(null);
    try {
      const request = await api.changeRequests.create(envKey, { title, changes: [{ op: 'flag.config.update', key: flag.key, baseVersion: base.version, ...changes }] });
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
    const r = rebaseEdit(pickEdited(base), conflict.mine, pickEdited(conflict.current), EDITED_FIELDS);
    setBase(conflict.current);
    setDraft(configToDraft(r.merged, count));
    onSaved(conflict.current);
    setConflict(null);
    setNotice(
      r.overlaps.length > 0
        ? `Your change was reapplied on version ${conflict.currentVersion}. You both changed ${r.overlaps.join(', ')}: yours is shown; check it, then save.`
        : `Your change was reapplied on version ${conflict.currentVersion}. Review it, then save.`,
    );
  };

  const takeTheirs = () => {
    if (!conflict) return;
    reset(conflict.current);
    onSaved(conflict.current);
    setConflict(null);
  };

  const errors = showErrors ? mergeErrors(built.ok ? NO_ERRORS : built.errors, serverErrors) : serverErrors;
  return { base, draft, edit, dirty, errors, save, saving, failure, conflict, reapply, takeTheirs, discard: () => reset(base), note, setNote, notice, pendingChanges, requestReview };
}
