import type { EnvironmentConfig } from '../model/environment-config';
import type { FlagDefinition } from '../model/flag';
import type { Serve } from '../model/serve';
import type { ValidationIssue } from './issue';
import { checkClause } from './clause-values';

/**
 * Write-time checks of a flag's config in one environment, beyond what its schema can express:
 * every variation index (targets, rules' serve, rollout variations, fallthrough) names one of the
 * flag's variations; every clause value is usable by its operator (see {@link checkClause}), with
 * segmentMatch naming existing segments and `matches` patterns safe; a context key appears in at
 * most one target list; rule ids are unique. Prerequisites are checked by {@link checkPrerequisites}.
 *
 * @param def - the flag definition (its key and variations).
 * @param config - the config to save.
 * @param segmentKeys - keys of the segments of the config's environment.
 * @returns the issues, paths relative to the config; empty when valid.
 */
export function checkEnvironmentConfig(
  def: Pick<FlagDefinition, 'key' | 'variations'>,
  config: Pick<EnvironmentConfig, 'targets' | 'rules' | 'fallthrough'>,
  segmentKeys: ReadonlySet<string>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const count = def.variations.length;

  const listedIn = new Map<string, number>();
  config.targets.forEach((target, t) => {
    checkIndex(issues, count, target.variation, ['targets', t, 'variation']);
    target.values.forEach((key, i) => {
      const first = listedIn.get(key);
      if (first === undefined) listedIn.set(key, t);
      else if (first !== t)
        issues.push({ path: ['targets', t, 'values', i], message: `key "${key}" is already targeted by targets[${first}]: a key may appear in one target list only` });
    });
  });

  const ruleIds = new Map<string, number>();
  config.rules.forEach((rule, r) => {
    if (rule.id !== undefined) {
      const first = ruleIds.get(rule.id);
      if (first !== undefined) issues.push({ path: ['rules', r, 'id'], message: `duplicates the id "${rule.id}" of rules[${first}]` });
      else ruleIds.set(rule.id, r);
    }
    rule.clauses.forEach((clause, c) => issues.push(...checkClause(clause, ['rules', r, 'clauses', c], { kind: 'flag', segmentKeys })));
    checkServe(issues, count, rule.serve, ['rules', r, 'serve']);
  });
  checkServe(issues, count, config.fallthrough, ['fallthrough']);
  return issues;
}

// Module-level rather than closures made per call: the server runs under tsx, whose keepNames wraps
// every named closure in a call that redefines its `name` (measurable on the write path).

/** A variation index must name one of the flag's `count` variations. */
function checkIndex(issues: ValidationIssue[], count: number, index: number, path: (string | number)[]): void {
  if (!Number.isInteger(index) || index < 0 || index >= count)
    issues.push({ path, message: `is variation ${index}, but the flag has ${count} variation${count === 1 ? '' : 's'} (0..${count - 1})` });
}

function checkServe(issues: ValidationIssue[], count: number, serve: Serve, path: (string | number)[]): void {
  if ('variation' in serve) checkIndex(issues, count, serve.variation, [...path, 'variation']);
  else serve.rollout.variations.forEach((wv, i) => checkIndex(issues, count, wv.variation, [...path, 'rollout', 'variations', i, 'variation']));
}
