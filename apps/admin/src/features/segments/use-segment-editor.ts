import { useEffect, useMemo, useState } from 'react';
import { ApiError, versionConflictOf } from '../../api/api-error';
import type { RequestChange, SegmentEdit, SegmentView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { fromServerIssues, mergeErrors, NO_ERRORS, type FieldErrors } from '../../lib/field-errors';
import { focusFirstInvalid } from '../../lib/focus';
import { jsonEqual } from '../../lib/json-equal';
import { buildSegment, changedSegmentFields, pickSegment, segmentToDraft, type SegmentDraft } from './segment-draft';

/**
 * Editing an existing segment: the draft, the version it is based on (sent as baseVersion), save,
 * and what happens when someone else saved first (their version is offered; nothing is merged
 * silently). A draft without changes follows the stored segment as it changes.
 */
export function useSegmentEditor(segment: SegmentView, onSaved: (s: SegmentView) => void) {
  const api = useApi();
  const announce = useAnnounce();
  const [base, setBase] = useState<SegmentView>(segment);
  const [draft, setDraft] = useState<SegmentDraft>(() => segmentToDraft(segment));
  const [serverErrors, setServerErrors] = useState<FieldErrors>(NO_ERRORS);
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ currentVersion: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');

  const built = useMemo(() => buildSegment(draft), [draft]);
  const dirty = !built.ok || Object.keys(changedSegmentFields(pickSegment(base), built.value)).length > 0;

  useEffect(() => {
    if (segment.version === base.version) return;
    if (!dirty || jsonEqual(pickSegment(segment), pickSegment(base))) {
      setBase(segment);
      if (!dirty) setDraft(segmentToDraft(segment));
    }
  }, [segment]);

  const reset = (to: SegmentView) => {
    setBase(to);
    setDraft(segmentToDraft(to));
    setServerErrors(NO_ERRORS);
    setShowErrors(false);
    setFailure(null);
    setConflict(null);
  };

  const save = async () => {
    setFailure(null);
    if (!built.ok) {
      setShowErrors(true);
      focusFirstInvalid();
      announce('Fix the highlighted fields before saving.', 'error');
      return;
    }
    const changes = changedSegmentFields(pickSegment(base), built.value);
    if (Object.keys(changes).length === 0) return;
    setSaving(true);
    try {
      const saved = await api.segments.update(segment.envKey, segment.key, { ...changes, baseVersion: base.version, ...(note.trim() ? { reason: note.trim() } : {}) });
      reset(saved);
      setNote('');
      onSaved(saved);
      announce(`Segment ${saved.key} saved (version ${saved.version}).`);
    } catch (err) {
      const c = versionConflictOf(err);
      if (c) {
        setConflict({ currentVersion: c.currentVersion });
        announce('Someone else changed this segment first.', 'error');
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
    const changes = changedSegmentFields(pickSegment(base), built.value);
    return Object.keys(changes).length === 0 ? null : changes;
  };

  /**
   * Where the environment requires review: the edit goes into a change request (based on the version
   * it was edited from) instead of being saved; the draft goes back to what is live.
   */
  const requestReview = async (title: string): Promise<string | null> => {
    const changes = pendingChanges();
    if (!changes) return null;
    setSaving(true);
    setFailure(null);
    try {
      const request = await api.changeRequests.create(segment.envKey, { title, changes: [segmentChange(segment.key, base.version, changes)] });
      reset(base);
      setNote('');
      announce(`Review requested: change request ${request.id}.`);
      return request.id;
    } catch (err) {
      setFailure(err);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const edit = (next: SegmentDraft) => {
    setDraft(next);
    setServerErrors(NO_ERRORS);
  };

  const errors = showErrors ? mergeErrors(built.ok ? NO_ERRORS : built.errors, serverErrors) : serverErrors;
  return { base, draft, edit, dirty, errors, save, saving, failure, conflict, reset, discard: () => reset(base), note, setNote, pendingChanges, requestReview };
}

/** A segment edit as a change request's change (the admin's RequestChange type is written for flag configs). */
export function segmentChange(key: string, baseVersion: number | null, edit: SegmentEdit): RequestChange {
  return (baseVersion === null ? { op: 'segment.create', key, ...edit } : { op: 'segment.update', key, baseVersion, ...edit }) as RequestChange;
}
