import type { Clause } from '../model/clause';
import { toEpochMillis } from '../evaluation/dates';
import { parseSemver } from '../evaluation/semver';
import type { ValidationIssue } from './issue';
import { checkRegexSafety } from './regex-safety';

/** What a clause may reference: the segments of its environment, or none inside a segment. */
export type SegmentReferences = { readonly kind: 'flag'; readonly segmentKeys: ReadonlySet<string> } | { readonly kind: 'segment' };

/**
 * Checks that a clause's values are usable by its operator, exactly as evaluation will read them:
 * strings for the string operators, safe compiling patterns for `matches`, numbers for the numeric
 * ones, ISO dates or epoch milliseconds for before/after, semantic versions for the semver ones,
 * and existing segment keys for segmentMatch (which segment rules may not use at all).
 * Evaluation treats a flag holding any of these mistakes as an ERROR.
 */
export function checkClause(clause: Clause, path: (string | number)[], refs: SegmentReferences): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (i: number, message: string): void => void issues.push({ path: [...path, 'values', i], message });
  clause.values.forEach((value, i) => {
    const shown = JSON.stringify(value);
    switch (clause.op) {
      case 'in':
      case 'notIn':
        return;
      case 'startsWith':
      case 'endsWith':
      case 'contains':
        if (typeof value !== 'string') at(i, `must be a string: ${clause.op} compares strings, got ${shown}`);
        return;
      case 'matches': {
        if (typeof value !== 'string') return at(i, `must be a string (a regular expression), got ${shown}`);
        const unsafe = checkRegexSafety(value);
        if (unsafe !== null) at(i, `pattern ${shown} ${unsafe}`);
        return;
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        if (typeof value !== 'number') at(i, `must be a number: ${clause.op} compares numbers (no string coercion), got ${shown}`);
        return;
      case 'before':
      case 'after':
        if (toEpochMillis(value) === undefined) at(i, `must be an ISO 8601 date (e.g. 2025-01-31 or 2025-01-31T12:00:00Z) or epoch milliseconds, got ${shown}`);
        return;
      case 'semverEq':
      case 'semverLt':
      case 'semverGt':
        if (parseSemver(value) === null) at(i, `must be a semantic version (e.g. 1.2.3 or 2.0.0-beta.1), got ${shown}`);
        return;
      case 'segmentMatch':
        if (refs.kind === 'segment') return;
        if (typeof value !== 'string' || !refs.segmentKeys.has(value)) at(i, `names no segment of this environment: ${shown}`);
        return;
    }
  });
  if (clause.op === 'segmentMatch' && refs.kind === 'segment')
    issues.push({ path: [...path, 'op'], message: 'segmentMatch cannot be used inside a segment (segments do not nest)' });
  return issues;
}
