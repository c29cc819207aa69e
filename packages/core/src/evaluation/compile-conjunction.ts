import type { Clause } from '../model/clause';
import { CompileError } from './compile-problem';
import { compileClause, type Matcher, type SegmentResolver } from './compile-clause';

const MATCH_ALL: Matcher = () => true;

/**
 * Compiles a rule's clauses into one matcher that requires all of them (AND, in order, stopping at
 * the first that fails). A rule without clauses matches every context.
 */
export function compileConjunction(clauses: readonly Clause[], segments: SegmentResolver | undefined): Matcher {
  if (!Array.isArray(clauses)) throw new CompileError('GENERAL', 'rule clauses must be a list');
  const matchers = clauses.map((c) => compileClause(c, segments));
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
