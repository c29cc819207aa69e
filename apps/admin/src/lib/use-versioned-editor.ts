import { useEffect, useMemo, useState } from 'react';
import { ApiError, versionConflictOf } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { useAnnounce } from '../app/announcer';
import { useApi } from '../app/api-context';
import { type FieldErrors, fromServerIssues, mergeErrors, NO_ERRORS } from './field-errors';
import { focusFirstInvalid } from './focus';
import { jsonEqual } from './json-equal';
import { rebaseEdit } from './three-way-merge';

/** A draft checked and turned into the fields to save, or the reasons it cannot be. */
export type BuiltEdit<E> =
  | {
      ok: true;
      value: E;
      /** Where a server field path differs from the draft's (targets are grouped by variation in the draft). */
      serverPath?: (path: string) => string;
    }
  | { ok: false; errors: FieldErrors };

/**
 * What differs between the things the admin edits with a version (a flag's definition, a flag's targeting
 * in one environment, a segment): how a stored version becomes a draft and back, which fields a save sends,
 * the request that saves them, and the words said to the person.
 */
export interface VersionedEditing<S extends { version: number }, D, E extends object> {
  /** What `build` reads besides the draft and the base (the memo's inputs). */
  inputs: readonly unknown[];
  toDraft(stored: S): D;
  build(draft: D, base: S): BuiltEdit<E>;
  /** The edited fields of a stored version. */
  pick(stored: S): E;
  /** Only the fields that differ: a PATCH names what the person changed, nothing else. */
  changed(base: E, next: E): Partial<E>;
  /** The fields a conflict's three-way merge goes through. */
  fields: readonly (keyof E)[];
  /** Saves the changes on `base` (whose version goes out as baseVersion); the stored result. */
  save(api: ApiClient, base: S, changes: Partial<E>, reason: string | undefined): Promise<S>;
  /**
   * Asks for review of the changes instead of saving them, where the kind supports it; the request's id.
   * `envKey`: the environment to request it in, for what is not bound to one (a flag's definition).
   */
  requestReview?(api: ApiClient, base: S, title: string, changes: Partial<E>, envKey?: string): Promise<string>;
  /** The words said to the person. */
  said: {
    saved(stored: S): string;
    conflict: string;
    reapplied(version: number, overlaps: readonly string[]): string;
  };
}

export interface VersionConflictState<S, E> {
  current: S;
  currentVersion: number;
  /** What this person tried to save. */
  mine: E;
}

/**
 * The one editor hook: the draft, the stored version it is based on (whose version goes out as baseVersion),
 * save, and the version-conflict flow (reapply mine on theirs, or take theirs; nothing is merged silently).
 * A draft without changes follows the stored version as it changes; a dirty draft keeps its base, so saving it
 * meets the conflict flow, never a silent overwrite.
 */
export function useVersionedEditor<S extends { version: number }, D, E extends object>(
  stored: S,
  editing: VersionedEditing<S, D, E>,
  on: { saved: (stored: S) => void; theirs: (current: S) => void },
) {
  const api = useApi();
  const announce = useAnnounce();
  const [base, setBase] = useState<S>(stored);
  const [draft, setDraft] = useState<D>(() => editing.toDraft(stored));
  const [conflict, setConflict] = useState<VersionConflictState<S, E> | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(NO_ERRORS);
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  // `editing.inputs` lists what build reads besides the draft and the base.
  const built = useMemo(() => editing.build(draft, base), [draft, base, ...editing.inputs]);
  const dirty = !built.ok || Object.keys(editing.changed(editing.pick(base), built.value)).length > 0;

  // The stored version changed under us (a toggle, someone's save seen on reload): follow it.
  useEffect(() => {
    if (stored.version === base.version) return;
    if (jsonEqual(editing.pick(stored), editing.pick(base))) setBase(stored);
    else if (!dirty) {
      setBase(stored);
      setDraft(editing.toDraft(stored));
    }
  }, [stored]);

  const edit = (next: D | ((d: D) => D)) => {
    setDraft(next);
    setServerErrors(NO_ERRORS);
    setNotice(null);
  };

  const reset = (to: S) => {
    setBase(to);
    setDraft(editing.toDraft(to));
    setServerErrors(NO_ERRORS);
    setShowErrors(false);
    setFailure(null);
  };

  /** What saving would change (null: nothing, or the draft does not validate: errors are shown). */
  const pendingChanges = (before: string): Partial<E> | null => {
    if (!built.ok) {
      setShowErrors(true);
      focusFirstInvalid();
      announce(`Fix the highlighted fields before ${before}.`, 'error');
      return null;
    }
    const changes = editing.changed(editing.pick(base), built.value);
    return Object.keys(changes).length === 0 ? null : changes;
  };

  const save = async () => {
    setFailure(null);
    const changes = pendingChanges('saving');
    if (!changes || !built.ok) return;
    setSaving(true);
    try {
      const saved = await editing.save(api, base, changes, note.trim() || undefined);
      reset(saved);
      setNote('');
      setNotice(null);
      on.saved(saved);
      announce(editing.said.saved(saved));
    } catch (err) {
      const c = versionConflictOf<S>(err);
      if (c) {
        setConflict({ current: c.current, currentVersion: c.currentVersion, mine: built.value });
        announce(editing.said.conflict, 'error');
      } else {
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') {
          const toDraftPath = built.serverPath ?? ((path: string) => path);
          const issues = err.fieldIssues.map((i) => ({ ...i, path: toDraftPath(i.path === 'body' ? '' : i.path.replace(/^body\./, '')) }));
          setServerErrors(fromServerIssues(issues, ''));
          setShowErrors(true);
        }
        setFailure(err);
      }
    } finally {
      setSaving(false);
    }
  };

  /**
   * Where the environment requires review: the change goes into a change request (based on the version it
   * was edited from) instead of being saved; the draft goes back to what is live.
   */
  const requestReview = async (title: string, envKey?: string): Promise<string | null> => {
    if (!editing.requestReview) return null;
    const changes = pendingChanges('requesting review');
    if (!changes) return null;
    setSaving(true);
    setFailure(null);
    try {
      const id = await editing.requestReview(api, base, title, changes, envKey);
      reset(base);
      setNote('');
      setNotice(null);
      announce(`Review requested: change request ${id}.`);
      return id;
    } catch (err) {
      setFailure(err);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const reapply = () => {
    if (!conflict) return;
    const r = rebaseEdit(editing.pick(base), conflict.mine, editing.pick(conflict.current), editing.fields);
    setBase(conflict.current);
    setDraft(editing.toDraft({ ...conflict.current, ...r.merged }));
    setConflict(null);
    on.theirs(conflict.current);
    setNotice(editing.said.reapplied(conflict.currentVersion, r.overlaps.map(String)));
  };

  const takeTheirs = () => {
    if (!conflict) return;
    reset(conflict.current);
    setConflict(null);
    on.theirs(conflict.current);
  };

  const errors = showErrors ? mergeErrors(built.ok ? NO_ERRORS : built.errors, serverErrors) : serverErrors;
  return {
    base,
    draft,
    edit,
    dirty,
    errors,
    save,
    saving,
    failure,
    conflict,
    reapply,
    takeTheirs,
    reset: (to: S) => {
      reset(to);
      setConflict(null);
    },
    discard: () => reset(base),
    note,
    setNote,
    notice,
    pendingChanges: () => pendingChanges('requesting review'),
    requestReview,
  };
}
