import { checkSegment, segmentKeysOf, segmentSchema, type Clause, type Segment, type SegmentRule } from '@switchyard/core';
import type { FlagView, SegmentEdit } from '../../api/types';
import { fromIssues, mergeErrors, type FieldErrors } from '../../lib/field-errors';
import { jsonEqual } from '../../lib/json-equal';
import { kindOfValues } from '../targeting/clause-values';
import { newClause, newUid, type ClauseDraft } from '../targeting/config-draft';

/** A segment while being edited. Rules and clauses carry a `uid` for React keys. */
export interface SegmentDraft {
  key: string;
  name: string;
  description: string;
  included: string[];
  excluded: string[];
  rules: SegmentRuleDraft[];
}

export interface SegmentRuleDraft {
  uid: string;
  id?: string;
  clauses: ClauseDraft[];
}

/** The fields a segment edit may change. */
export const SEGMENT_FIELDS = ['name', 'description', 'included', 'excluded', 'rules'] as const;
export type EditableSegment = Required<SegmentEdit>;

export function emptySegmentDraft(): SegmentDraft {
  return { key: '', name: '', description: '', included: [], excluded: [], rules: [] };
}

export function newSegmentRule(): SegmentRuleDraft {
  return { uid: newUid(), clauses: [newClause()] };
}

export function segmentToDraft(s: Pick<Segment, 'key' | 'name' | 'description' | 'included' | 'excluded' | 'rules'>): SegmentDraft {
  return {
    key: s.key,
    name: s.name,
    description: s.description,
    included: [...s.included],
    excluded: [...s.excluded],
    rules: s.rules.map((r) => ({
      uid: newUid(),
      ...(r.id !== undefined ? { id: r.id } : {}),
      clauses: r.clauses.map((c) => ({ uid: newUid(), attribute: c.attribute, op: c.op, values: [...c.values], negate: c.negate === true, kind: kindOfValues(c.values) })),
    })),
  };
}

export type BuildSegmentResult = { ok: true; key: string; value: EditableSegment } | { ok: false; errors: FieldErrors };

/**
 * The segment to save, checked as the server checks it: core's segment schema and write-time
 * checks (a key both included and excluded, clause values, no segment inside a segment).
 */
export function buildSegment(draft: SegmentDraft): BuildSegmentResult {
  const rules: SegmentRule[] = draft.rules.map((r) => {
    const rule: SegmentRule = {
      clauses: r.clauses.map((c) => {
        const clause: Clause = { attribute: c.attribute.trim(), op: c.op, values: [...c.values] };
        if (c.negate) clause.negate = true;
        return clause;
      }),
    };
    if (r.id !== undefined) rule.id = r.id;
    return rule;
  });
  const key = draft.key.trim();
  const value: EditableSegment = {
    name: draft.name.trim() || key,
    description: draft.description.trim(),
    included: [...draft.included],
    excluded: [...draft.excluded],
    rules,
  };
  const parsed = segmentSchema.safeParse({ key, ...value, version: 1 });
  const issues = parsed.success ? checkSegment(value) : [];
  const errors = mergeErrors(fromIssues(parsed.success ? [] : parsed.error.issues), fromIssues(issues));
  return errors.size > 0 ? { ok: false, errors } : { ok: true, key, value };
}

/** Only the fields that differ from the stored segment. */
export function changedSegmentFields(base: EditableSegment, next: EditableSegment): SegmentEdit {
  const edit: SegmentEdit = {};
  for (const f of SEGMENT_FIELDS) if (!jsonEqual(base[f], next[f])) (edit as Record<string, unknown>)[f] = next[f];
  return edit;
}

export function pickSegment(s: Pick<Segment, (typeof SEGMENT_FIELDS)[number]>): EditableSegment {
  return { name: s.name, description: s.description, included: s.included, excluded: s.excluded, rules: s.rules };
}

/** Which flags' rules in `envKey` reference each segment (what SEGMENT_IN_USE would name). */
export function segmentUsers(flags: readonly FlagView[], envKey: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const f of flags) {
    const config = f.environments[envKey];
    if (!config) continue;
    const keys = new Set(config.rules.flatMap((r) => segmentKeysOf(r.clauses)));
    for (const k of keys) users.set(k, [...(users.get(k) ?? []), f.key]);
  }
  return users;
}

/** The flags named by a 409 SEGMENT_IN_USE answer's details. */
export function flagsInUse(details: unknown): string[] {
  const flags = (details as { flags?: unknown } | null)?.flags;
  return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : [];
}
