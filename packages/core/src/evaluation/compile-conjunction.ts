import type { Clause } from '../model/clause';
import { CompileError } from './compile-problem';
import { clauseMatcher, compileClausePlan, type ClausePlan, type Matcher, type SegmentResolver } from './compile-clause';

const MATCH_ALL: Matcher = () => true;

/**
 * Compiles a rule's clauses to their plans, in order; {@link conjunction} makes them the rule's
 * matcher. Throws {@link CompileError} as compileClausePlan does.
 */
export function compileConjunctionPlans(clauses: readonly Clause[], segments: SegmentResolver | undefined): ClausePlan[] {
  if (!Array.isArray(clauses)) throw new CompileError('GENERAL', 'rule clauses must be a list');
  return clauses.map((c) => compileClausePlan(c, segments));
}

/**
 * The rule's matcher: it requires every one of `plans` (AND, in order, stopping at the first that
 * fails). A rule without clauses matches every context.
 */
export function conjunction(plans: readonly ClausePlan[]): Matcher {
  const matchers = plans.map(clauseMatcher);
  if (matchers.length === 0) return MATCH_ALL;
  if (matchers.length === 1) return matchers[0] as Matcher;
  if (matchers.length === 2) {
    const [a, b] = matchers as [Matcher, Matcher];
    return (ctx) => a(ctx) && b(ctx);
  }
  return (ctx) => {
    for (let i = 0; i < matchers.length; i++) if (!(matchers[i] as Matcher)(ctx)) return false;
    return true;
  };
}
