import type { Segment } from '../model/segment';
import type { ClausePlan, Matcher } from './compile-clause';
import { CompileError } from './compile-problem';
import { compileConjunctionPlans, conjunction } from './compile-conjunction';
import { contextKey, type ContextObject } from './context-access';
import { firstMatchWarm, type RuleChain, type RuleChainBudget, type RuleChainHost } from './rule-chain-code';

/**
 * A segment compiled into its membership test, {@link CompiledSegment.matcher}: a context whose key
 * is `included` is in; else one whose key is `excluded` is out; else it is in when any segment rule
 * matches (clauses ANDed). Like a flag's, its rules run as closures until they have been evaluated
 * often enough, then as one generated function (rule-chain-code.ts), which takes from `chainBudget`.
 */
export class CompiledSegment implements RuleChainHost {
  /** The membership test flags' segmentMatch clauses call. Never throws. */
  readonly matcher: Matcher = (ctx) => this.contains(ctx);
  ruleChain: RuleChain | null = null;
  warmEvaluations = 0;

  constructor(
    readonly included: ReadonlySet<string>,
    readonly excluded: ReadonlySet<string>,
    readonly ruleMatchers: readonly Matcher[],
    readonly rulePlans: readonly (readonly ClausePlan[])[],
    readonly chainBudget: RuleChainBudget,
    /** The segment as it was compiled (explain reads its clauses). Do not modify it. */
    readonly source: Segment,
  ) {
    SEGMENT_OF_MATCHER.set(this.matcher, this);
  }

  private contains(ctx: ContextObject): boolean {
    const key = contextKey(ctx);
    if (key !== undefined) {
      if (this.included.has(key)) return true;
      if (this.excluded.has(key)) return false;
    }
    const chain = this.ruleChain;
    if (chain !== null) return chain(ctx) >= 0;
    return this.ruleMatchers.length !== 0 && firstMatchWarm(this, ctx) >= 0;
  }
}

/** Compiled segments by their membership test, for explain (which must trace what a segmentMatch clause's matcher decided). */
const SEGMENT_OF_MATCHER = new WeakMap<Matcher, CompiledSegment>();

/** The compiled segment whose membership test `matcher` is, if it is one. */
export function segmentOfMatcher(matcher: Matcher): CompiledSegment | undefined {
  return SEGMENT_OF_MATCHER.get(matcher);
}

/**
 * Compiles a segment (see {@link CompiledSegment}). Throws {@link CompileError} when a rule cannot
 * compile, including one that uses segmentMatch.
 */
export function compileSegment(segment: Segment, budget: RuleChainBudget): CompiledSegment {
  if (!Array.isArray(segment.included) || !Array.isArray(segment.excluded) || !Array.isArray(segment.rules))
    throw new CompileError('GENERAL', `segment "${String(segment.key)}" is malformed`);
  let plans: ClausePlan[][];
  try {
    plans = segment.rules.map((rule) => compileConjunctionPlans(rule.clauses, undefined));
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.problem.errorCode, `segment "${segment.key}": ${e.problem.message}`);
    throw e;
  }
  return new CompiledSegment(new Set<string>(segment.included), new Set<string>(segment.excluded), plans.map(conjunction), plans, budget, segment);
}
