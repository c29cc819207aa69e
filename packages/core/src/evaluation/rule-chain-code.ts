import { anyElement, isArray, type ClausePlan, type Matcher, type ValueTest } from './compile-clause';
import { hasOwn, readKey, type ContextObject } from './context-access';

/** A flag's (or segment's) rules in one function: the index of the first rule the context matches, or -1. Never throws. */
export type RuleChain = (ctx: ContextObject) => number;

/**
 * PERFORMANCE NOTE: a flag's rules run as closures, one per clause, all made from the same few
 * function literals. V8 keeps one set of inline caches per literal, so the attribute read every
 * clause makes (`ctx[name]`, with every name of every flag) is megamorphic, and so is the call from
 * the rule loop to each rule. A flag evaluated often enough (see `DEFAULT_CODEGEN_AFTER` below) gets its rules,
 * and a segment its own rules, written out as the source of one function of its own instead: each
 * clause reads its attribute by a literal name at a site of its own (monomorphic while contexts share a shape, as
 * they do when an application builds them in one place), and calls its value test at a site that
 * only ever sees that test, so V8 can inline it. Same plans, same tests, same results: only the
 * reads and the calls move.
 *
 * The source holds nothing from the flag but attribute names, written with JSON.stringify (a valid
 * string literal for any string), and numbers it counts itself; every value, list, pattern, version
 * and segment stays in the compiled tests, which the function receives as arguments.
 */

/**
 * Evaluations of a flag's (or segment's) rules before they are made into one function, unless the
 * evaluator says otherwise ({@link RuleChainOptions.codegenAfter}). Making it costs tens of
 * microseconds and the new function starts in V8's interpreter, so only rules that keep being
 * evaluated get it; the rest never pay.
 */
export const DEFAULT_CODEGEN_AFTER = 10_000;

/** How an evaluator makes rule chains: its options (EvaluatorOptions in evaluator.ts take these). */
export interface RuleChainOptions {
  /**
   * Whether rules evaluated often are made into one generated function (`new Function`). Default
   * true; false where code generation from strings is forbidden (a Content Security Policy without
   * `'unsafe-eval'`, `node --disallow-code-generation-from-strings`): the rules then always run as
   * closures, with the same results, and nothing is attempted (so no CSP violation is reported).
   */
  codegen?: boolean;
  /**
   * Evaluations of a flag's (or segment's) rules before they are generated: 0 generates them on the
   * first. Default {@link DEFAULT_CODEGEN_AFTER}; anything but a non-negative integer takes the default.
   */
  codegenAfter?: number;
}

/** One evaluator's rule-chain settings, shared by its budgets; `codegen` turns false for good once generation fails. */
export interface RuleChainSettings {
  codegen: boolean;
  readonly after: number;
}

export function ruleChainSettings(options: RuleChainOptions = {}): RuleChainSettings {
  const after = options.codegenAfter;
  return { codegen: options.codegen !== false, after: Number.isInteger(after) && (after as number) >= 0 ? (after as number) : DEFAULT_CODEGEN_AFTER };
}

/** Past this many clauses, rules keep their closures: V8 optimizes a very large function poorly. */
export const MAX_CHAIN_CLAUSES = 64;

/**
 * Clauses one evaluator may hold as generated code at once, flags' and segments' together. A chain
 * takes about 1.4 KiB of V8 heap per clause once optimized (bytecode, feedback and machine code;
 * 13.6 KiB for a ten-rule flag, measured), so this bounds it to a few MiB however many flags turn
 * hot; past it, rules keep their closures.
 */
export const CHAIN_CLAUSE_BUDGET = 4_096;

/**
 * The clauses an evaluator's rule chains may still take (see {@link CHAIN_CLAUSE_BUDGET}), and
 * whether and when it makes them (its {@link RuleChainSettings}).
 */
export class RuleChainBudget {
  constructor(
    readonly settings: RuleChainSettings = ruleChainSettings(),
    public remaining: number = CHAIN_CLAUSE_BUDGET,
  ) {}

  /**
   * Whether rules evaluated `evaluations` times before this one turn hot now. True once per count
   * that runs up from 0, and never where no chain can be made: the count just runs on past it.
   */
  turnsHot(evaluations: number): boolean {
    return evaluations === this.settings.after && this.settings.codegen;
  }

  /** Takes `cost` when there is that much left; false (nothing taken) when not. */
  take(cost: number): boolean {
    if (cost > this.remaining) return false;
    this.remaining -= cost;
    return true;
  }

  /** Gives back what a chain took, once it is dropped (its flag or segment replaced or deleted). */
  give(cost: number): void {
    this.remaining += cost;
  }
}

/** What a chain of these rules takes from the budget: each clause, and each rule (a rule may have none). */
export function ruleChainCost(rules: readonly (readonly ClausePlan[])[]): number {
  let cost = rules.length;
  for (const rule of rules) cost += rule.length;
  return cost;
}

/**
 * The rule chain of `rules` (each a rule's clause plans, in order) as one generated function, taking
 * its {@link ruleChainCost} from `budget`; or null, with nothing taken, when it is not worth it (no
 * rules, more than {@link MAX_CHAIN_CLAUSES} clauses), the budget is spent, or it cannot be made
 * (the `codegen` option is false, or code generation failed: then the budget's settings say so,
 * and nothing retries). Never throws.
 */
export function generateRuleChain(rules: readonly (readonly ClausePlan[])[], budget: RuleChainBudget): RuleChain | null {
  if (!budget.settings.codegen || rules.length === 0) return null;
  const cost = ruleChainCost(rules);
  if (cost - rules.length > MAX_CHAIN_CLAUSES || !budget.take(cost)) return null;
  const chain = writeRuleChain(rules);
  if (chain === null) {
    budget.give(cost);
    budget.settings.codegen = false;
  }
  return chain;
}

function writeRuleChain(rules: readonly (readonly ClausePlan[])[]): RuleChain | null {
  const tests: ValueTest[] = [];
  const matchers: Matcher[] = [];
  const body: string[] = [];
  rules.forEach((plans, ruleIndex) => {
    body.push(`r${ruleIndex}: {`);
    for (const plan of plans) {
      if (plan.kind === 'matcher') {
        body.push(`if (!m${matchers.length}(ctx)) break r${ruleIndex};`);
        matchers.push(plan.matcher);
        continue;
      }
      const t = `t${tests.length}`;
      tests.push(plan.test);
      body.push(
        // Own properties only, as readAttribute (context-access.ts): an inherited name reads as missing.
        plan.attribute === 'key'
          ? 'v = readKey(ctx);'
          : `try { v = ctx[${JSON.stringify(plan.attribute)}]; if (v !== undefined && !hasOwn(ctx, ${JSON.stringify(plan.attribute)})) v = undefined; } catch { v = undefined; }`,
        // Missing never matches, negated or not; an array matches when any element does; then negate.
        `if (v === undefined || v === null || (typeof v === "object" && isArray(v) ? anyElement(v, ${t}) : ${t}(v)) === ${plan.negate ? 'true' : 'false'}) break r${ruleIndex};`,
      );
    }
    body.push(`return ${ruleIndex};`, '}');
  });
  const source = [
    '"use strict";',
    ...tests.map((_, i) => `const t${i} = tests[${i}];`),
    ...matchers.map((_, i) => `const m${i} = matchers[${i}];`),
    'return function ruleChain(ctx) {',
    'let v;',
    ...body,
    'return -1;',
    '};',
  ].join('\n');
  try {
    const factory = new Function('tests', 'matchers', 'readKey', 'isArray', 'anyElement', 'hasOwn', source) as (
      tests: ValueTest[],
      matchers: Matcher[],
      read: typeof readKey,
      array: typeof isArray,
      any: typeof anyElement,
      own: typeof hasOwn,
    ) => RuleChain;
    return factory(tests, matchers, readKey, isArray, anyElement, hasOwn);
  } catch {
    // EvalError: this runtime forbids code from strings. The closures serve (generateRuleChain turns it off).
    return null;
  }
}

/** What holds rules that may be made into a chain: a compiled flag (CompiledFlagImpl) or segment (CompiledSegment). */
export interface RuleChainHost {
  /** The rules as one generated function once hot; null until then, and for good when none is made. */
  ruleChain: RuleChain | null;
  /** Evaluations that reached the rules without a chain (see {@link RuleChainBudget.turnsHot}). */
  warmEvaluations: number;
  readonly ruleMatchers: readonly Matcher[];
  /** Each rule's clause plans, which its matcher was made from. */
  readonly rulePlans: readonly (readonly ClausePlan[])[];
  /** What its chain takes from: its evaluator's budget. */
  readonly chainBudget: RuleChainBudget;
}

/**
 * The index of the first rule of `host` that `ctx` matches (-1: none), by its closures; makes its
 * chain when it turns hot. For a host with rules and no chain yet.
 */
export function firstMatchWarm(host: RuleChainHost, ctx: ContextObject): number {
  if (host.chainBudget.turnsHot(host.warmEvaluations++)) {
    const chain = generateRuleChain(host.rulePlans, host.chainBudget);
    if (chain !== null) {
      host.ruleChain = chain;
      return chain(ctx);
    }
  }
  const rules = host.ruleMatchers;
  for (let i = 0; i < rules.length; i++) if ((rules[i] as Matcher)(ctx)) return i;
  return -1;
}

/** Gives back what the host's chain took from its budget: its evaluator calls it when the flag or segment is replaced or deleted. */
export function dropRuleChain(host: RuleChainHost): void {
  if (host.ruleChain === null) return;
  host.ruleChain = null;
  host.chainBudget.give(ruleChainCost(host.rulePlans));
}
