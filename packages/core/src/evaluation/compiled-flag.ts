import type { EvaluationContext } from '../model/context';
import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Prerequisite } from '../model/rule';
import type { VariationType } from '../model/variation';
import { compileBody } from './compile-body';
import type { ClausePlan, Matcher, SegmentResolver } from './compile-clause';
import type { CompileProblem } from './compile-problem';
import type { CompiledServe } from './compile-serve';
import { toContextObject } from './context-access';
import { evaluateFlag } from './evaluate-flag';
import { canonicalVariationType, NONE, prerequisiteKeys, referencedSegments, safeGet } from './flag-fields';
import type { ErrorCode, EvaluationResult } from './result';
import type { ResultTable } from './result-table';
import { RuleChainBudget, type RuleChain, type RuleChainHost } from './rule-chain-code';

/** Finds another compiled flag by key, for prerequisites. */
export type FlagLookup = (key: string) => CompiledFlag | undefined;

/**
 * A flag compiled for fast evaluation by {@link compileFlag} or an evaluator. Its fields never
 * change: a change to the flag, or to a segment it references, means compiling it again. (An
 * evaluator defers compiling the rules until the flag is first evaluated or its `problem` read;
 * that is invisible here.)
 */
export interface CompiledFlag {
  readonly key: string;
  /** The environment version at which the flag last changed. */
  readonly version: number;
  /** The declared type of the flag's values. */
  readonly variationType: VariationType;
  readonly enabled: boolean;
  readonly killed: boolean;
  /** The flag as it was compiled. Do not modify it. */
  readonly source: EvaluableFlag;
  /** Keys of the segments its rules reference, whether they exist or not. */
  readonly segmentKeys: readonly string[];
  /** Keys of its prerequisite flags. */
  readonly prerequisiteKeys: readonly string[];
  /** Why it could not be compiled (its evaluations then return ERROR), or null. */
  readonly problem: CompileProblem | null;
  /**
   * Evaluates the flag for `context`. Never throws. Results are frozen and shared between calls.
   *
   * @param lookup - finds prerequisite flags; without it a flag with prerequisites is an ERROR.
   */
  evaluate(context: EvaluationContext | null | undefined, lookup?: FlagLookup): EvaluationResult;
}

const NO_FLAGS: FlagLookup = () => undefined;

/** The last resort should compiling itself fail (it cannot: compileBody never throws). */
const UNCOMPILABLE: EvaluationResult = Object.freeze({ value: null, reason: 'ERROR', errorCode: 'GENERAL' });

/**
 * The one implementation of {@link CompiledFlag}; its fields are what evaluation reads.
 *
 * PERFORMANCE NOTE: compiling is deferred. The constructor only reads the fields that describe the
 * flag (key, version, type, on/killed, the segments and prerequisites it references: what patching
 * and dependency tracking need) — a 10,000-flag snapshot arrives much faster than it could be
 * compiled, and most services evaluate only some of its flags. Everything else (the result table,
 * rules, targets, rollouts) is built by {@link CompiledFlagImpl.compile} on the first evaluation,
 * or when `problem` is read, with the segments as they are then; the evaluator replaces the flag
 * whenever one of its segments changes, so that is the same outcome as compiling up front.
 * Every field is assigned in the constructor, so compiled and uncompiled flags share one shape.
 */
export class CompiledFlagImpl implements CompiledFlag, RuleChainHost {
  readonly key: string;
  readonly version: number;
  readonly variationType: VariationType;
  readonly enabled: boolean;
  readonly killed: boolean;
  readonly source: EvaluableFlag;
  readonly segmentKeys: readonly string[];
  readonly prerequisiteKeys: readonly string[];
  /** The segment resolver to compile with on first use; null once compiled. */
  compileWith: SegmentResolver | null;
  /** The result table; null until compiled. */
  table: ResultTable | null = null;
  private compileProblem: CompileProblem | null = null;
  /** The ERROR result served when the flag is on but could not be compiled; null when it compiled. */
  problemResult: EvaluationResult | null = null;
  prerequisites: readonly Prerequisite[] = NONE;
  targets: ReadonlyMap<string, EvaluationResult> | null = null;
  ruleMatchers: readonly Matcher[] = NONE;
  rulePlans: readonly (readonly ClausePlan[])[] = NONE;
  /**
   * The rules as one generated function once the flag is hot (see rule-chain-code.ts); null until
   * then, and for good when no code is generated. Evaluation then runs the `ruleMatchers`.
   */
  ruleChain: RuleChain | null = null;
  /** Evaluations that reached the rules without a rule chain: counts up to its evaluator's `codegenAfter` (rule-chain-code.ts). */
  warmEvaluations = 0;
  /** What the rule chain takes from: its evaluator's budget (one of its own for a flag compiled alone). */
  readonly chainBudget: RuleChainBudget;
  ruleServes: readonly CompiledServe[] = NONE;
  /** The fallthrough result when it is a fixed variation. */
  fallthroughFixed: EvaluationResult | null = null;
  /**
   * The result of every evaluation when it cannot depend on the context (killed, off, broken, or on
   * with nothing but a fixed fallthrough); null otherwise, and until compiled. The fast path: one
   * field check.
   */
  constant: EvaluationResult | null = null;
  fallthrough: CompiledServe | null = null;
  /**
   * The type a typed evaluation can serve this flag's results for unchecked: its variationType once
   * compiled when every result is of that type (CompiledBody's `servesDeclaredType`), else '' (none,
   * and until compiled). One field compared on the typed hot path (see Evaluator.evaluateTyped).
   * Always a string literal, never null, so V8 compares it with the expected type by identity rather
   * than calling its generic equality.
   */
  uncheckedType: VariationType | '' = '';

  /**
   * Reads the flag's descriptive fields, defensively: never throws, whatever `flag` is.
   * @param segments - resolves segment keys when the flag is compiled.
   * @param chainBudget - what its rule chain, once hot, takes from (shared by an evaluator's flags).
   */
  constructor(flag: EvaluableFlag, segments: SegmentResolver, chainBudget: RuleChainBudget = new RuleChainBudget()) {
    const key = safeGet(flag, 'key');
    const version = safeGet(flag, 'version');
    const variationType = safeGet(flag, 'variationType');
    const killed = safeGet(flag, 'killed');
    this.key = typeof key === 'string' ? key : '';
    this.version = typeof version === 'number' ? version : 0;
    // A malformed type makes the flag a compile problem (compileBody); 'json' only fills the field.
    this.variationType = canonicalVariationType(variationType);
    this.enabled = safeGet(flag, 'enabled') === true;
    this.killed = killed !== undefined && killed !== null && killed !== false;
    this.source = flag;
    this.segmentKeys = referencedSegments(flag);
    this.prerequisiteKeys = prerequisiteKeys(flag);
    this.compileWith = segments;
    this.chainBudget = chainBudget;
  }

  get problem(): CompileProblem | null {
    if (this.compileWith !== null) this.compile();
    return this.compileProblem;
  }

  /** Compiles the flag's variations and rules, unless done already. Never throws. */
  compile(): void {
    const segments = this.compileWith;
    if (segments === null) return;
    const body = compileBody(this.source, segments);
    const table = body.table;
    this.table = table;
    this.compileProblem = body.problem;
    this.problemResult = body.problem === null ? null : table.error(body.problem.errorCode);
    this.prerequisites = body.prerequisites;
    this.targets = body.targets;
    this.ruleMatchers = body.ruleMatchers;
    this.rulePlans = body.rulePlans;
    this.ruleServes = body.ruleServes;
    this.fallthrough = body.fallthrough;
    this.fallthroughFixed = body.fallthrough === null ? null : body.fallthrough.fixed;
    this.uncheckedType = body.servesDeclaredType ? this.variationType : '';
    this.constant = this.killed
      ? table.killed
      : !this.enabled
        ? table.off
        : (this.problemResult ??
          (this.prerequisites.length === 0 && this.targets === null && this.ruleMatchers.length === 0 ? this.fallthroughFixed : null));
    this.compileWith = null;
  }

  /** The flag's ERROR result for `code`, for the entry points' safety nets. Never throws. */
  error(code: ErrorCode): EvaluationResult {
    try {
      this.compile();
      return (this.table as ResultTable).error(code);
    } catch {
      return UNCOMPILABLE;
    }
  }

  evaluate(context: EvaluationContext | null | undefined, lookup?: FlagLookup): EvaluationResult {
    try {
      return evaluateFlag(this, toContextObject(context), lookup ?? NO_FLAGS, undefined);
    } catch {
      return this.error('GENERAL');
    }
  }
}
