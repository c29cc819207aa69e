import type { Segment } from '../model/segment';
import { CompileError } from './compile-problem';
import { compileConjunction } from './compile-conjunction';
import type { Matcher } from './compile-clause';
import { contextKey } from './context-access';

/**
 * Compiles a segment into its membership test: a context whose key is `included` is in; else one
 * whose key is `excluded` is out; else it is in when any segment rule matches (clauses ANDed).
 * Throws {@link CompileError} when a rule cannot compile, including one that uses segmentMatch.
 */
export function compileSegment(segment: Segment): Matcher {
  if (!Array.isArray(segment.included) || !Array.isArray(segment.excluded) || !Array.isArray(segment.rules))
    throw new CompileError('GENERAL', `segment "${String(segment.key)}" is malformed`);
  const included = new Set<string>(segment.included);
  const excluded = new Set<string>(segment.excluded);
  let rules: Matcher[];
  try {
    rules = segment.rules.map((rule) => compileConjunction(rule.clauses, undefined));
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.problem.errorCode, `segment "${segment.key}": ${e.problem.message}`);
    throw e;
  }
  return (ctx) => {
    const key = contextKey(ctx);
    if (key !== undefined) {
      if (included.has(key)) return true;
      if (excluded.has(key)) return false;
    }
    for (let i = 0; i < rules.length; i++) if ((rules[i] as Matcher)(ctx)) return true;
    return false;
  };
}
