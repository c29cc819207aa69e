import type { Segment } from '../model/segment';
import type { ClausePlan, Matcher } from './compile-clause';
import { CompileError } from './compile-problem';
import { compileConjunctionPlans, conjunction } from './compile-conjunction';
import { contextKey, type ContextObject } from './context-access';
import { firstMatchingRule, generateRuleChain, ruleChainCost, turnsHot, type RuleChain, type RuleChainBudget } from './rule-chain-code';

/**
 * A segment compiled into its membership test, {@link CompiledSegment.matcher}: a context whose key
 * is `included` is in; else one whose key is `excluded` is out; else it is in when any segment rule
 * matches (clauses ANDed). Like a flag's, its rules run as closures until they have been evaluated
 * often enough, then as one generated function (rule-chain-code.ts), which takes from `budget`.
 */
export class CompiledSegment {
  /** The membership test flags' segmentMatch clauses call. Never throws. */
  readonly matcher: Matcher = (ctx) => this.contains(ctx);
  /** The rules as one generated function once hot; null until then, and when none is made. */
  chain: RuleChain | null = null;
  /** Evaluations that reached the rules without a chain (see turnsHot). */
  private warmEvaluations = 0;

  constructor(
    private readonly included: ReadonlySet<string>,
    private readonly excluded: ReadonlySet<string>,
    private readonly rules: readonly Matcher[],
    private readonly plans: readonly (readonly ClausePlan[])[],
    private readonly budget: RuleChainBudget,
  ) {}

  private contains(ctx: ContextObject): boolean {
    const key = contextKey(ctx);
    if (key !== undefined) {
      if (this.included.has(key)) return true;
      if (this.excluded.has(key)) return false;
    }
    const chain = this.chain;
    if (chain !== null) return chain(ctx) >= 0;
    if (this.rules.length === 0) return false;
    if (turnsHot(this.warmEvaluations++)) {
      this.chain = generateRuleChain(this.plans, this.budget);
      if (this.chain !== null) return this.chain(ctx) >= 0;
    }
    return firstMatchingRule(this.rules, ctx) >= 0;
  }

  /** Gives back what its chain took from the budget: the evaluator calls it when the segment is replaced or deleted. */
  drop(): void {
    if (this.chain === null) return;
    this.chain = null;
    this.budget.give(ruleChainCost(this.plans));
  }
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
  return new CompiledSegment(new Set<string>(segment.included), new Set<string>(segment.excluded), plans.map(conjunction), plans, budget);
}
