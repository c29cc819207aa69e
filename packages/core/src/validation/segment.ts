import type { Segment } from '../model/segment';
import { checkClause } from './clause-values';
import type { ValidationIssue } from './issue';

/**
 * Write-time checks of a segment beyond its schema: no key both included and excluded; rule
 * clauses usable by their operators, with safe `matches` patterns and no segmentMatch (segments do
 * not nest, which keeps segment evaluation free of recursion).
 *
 * @returns the issues, paths relative to the segment; empty when valid.
 */
export function checkSegment(segment: Pick<Segment, 'included' | 'excluded' | 'rules'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const included = new Set(segment.included);
  segment.excluded.forEach((key, i) => {
    if (included.has(key)) issues.push({ path: ['excluded', i], message: `key "${key}" is also included: a key is either included or excluded` });
  });
  segment.rules.forEach((rule, r) =>
    rule.clauses.forEach((clause, c) => issues.push(...checkClause(clause, ['rules', r, 'clauses', c], { kind: 'segment' }))),
  );
  return issues;
}
