/**
 * PERFORMANCE NOTE: evaluation is on the hot path of every SDK call, so all work that does not
 * depend on the context happens once per flag, on its first evaluation (see CompiledFlagImpl: a
 * flag that arrives is only recorded, so that a 10,000-flag snapshot loads quickly; rules are
 * compiled when first needed, and again after a change to the flag or a segment it uses): rules are
 * closures, value lists Sets, patterns RegExps, versions and dates pre-parsed, and every possible
 * result (each variation with each reason, rule index and rule id) is a frozen object allocated at
 * compile time. A flag whose result cannot depend on the context (killed, off, broken, or on with
 * only a fixed fallthrough) is answered by a Map lookup and one field check (`constant`). Other
 * flags without prerequisites allocate nothing either: they run the prebuilt matchers and return a
 * shared result; once a flag (or a segment) is hot, its rules run as one generated function of its
 * own, with an attribute read and a test call per clause that V8 can cache and inline
 * (rule-chain-code.ts). Only prerequisites allocate (a small scope for cycle detection and
 * memoization), and only rollouts hash (MurmurHash3 streamed over the UTF-8 bytes, no buffer, no concatenation).
 * (Per-evaluation parsing remains only where the attribute itself must be parsed: semver and date
 * attributes, and integer bucketBy values turned into strings.)
 * The entry points hold the one try/catch that turns an unforeseen exception into an ERROR result;
 * V8 optimizes functions containing try/catch, so the net costs nothing while nothing throws.
 * Attribute reads have their own small try/catch (getters and Proxies may throw) so that a hostile
 * context reads as missing rather than failing the evaluation.
 */
import type { EvaluationContext } from '../model/context';
import type { EvaluableFlag, RuleSet } from '../model/evaluable-flag';
import type { Segment } from '../model/segment';
import type { VariationType } from '../model/variation';
import type { Matcher } from './compile-clause';
import { CompileError, type CompileProblem } from './compile-problem';
import { CompiledSegment, compileSegment } from './compile-segment';
import { CompiledFlagImpl, type CompiledFlag } from './compiled-flag';
import { toContextObject } from './context-access';
import { evaluateFlag } from './evaluate-flag';
import { explainLoaded, explainNotFound } from './explain/explain-flag';
import type { EvaluationTrace } from './explain/trace';
import type { EvaluationResult } from './result';
import { dropRuleChain, RuleChainBudget, ruleChainSettings, type RuleChainOptions, type RuleChainSettings } from './rule-chain-code';

/**
 * The flags and segments of one environment, compiled, ready to evaluate and to patch.
 * Made by {@link createEvaluator}. Evaluation never throws; results are frozen and shared.
 */
export interface FlagEvaluator {
  /**
   * Evaluates a flag for a context. An unknown flag gives `{ value: null, reason: 'ERROR',
   * errorCode: 'FLAG_NOT_FOUND' }`; every other failure serves the flag's offVariation.
   */
  evaluate(flagKey: string, context: EvaluationContext | null | undefined): EvaluationResult;
  /**
   * Evaluates a flag expected to hold values of `expectedType`. An unknown flag, or one whose
   * declared type differs, gives the caller's `defaultValue` with reason ERROR and errorCode
   * FLAG_NOT_FOUND or TYPE_MISMATCH, and no variant. Otherwise as {@link FlagEvaluator.evaluate}.
   */
  evaluateTyped<T>(flagKey: string, context: EvaluationContext | null | undefined, expectedType: VariationType, defaultValue: T): EvaluationResult<T>;
  /**
   * Explains how {@link FlagEvaluator.evaluate} decides for this flag and context, step by step:
   * kill switch, on/off, each prerequisite, targets, every rule and clause with the attribute value
   * it saw, segment decisions, the rollout bucket against its ranges, and the result (the very result
   * `evaluate` returns). Never throws. Slower than `evaluate` and allocating: for debugging, not for
   * serving values.
   */
  explain(flagKey: string, context: EvaluationContext | null | undefined): EvaluationTrace;
  /** Whether a flag with this key is loaded. */
  has(flagKey: string): boolean;
  /** The keys of all loaded flags. */
  keys(): string[];
  /** The compiled flag (its source, declared type and any compile problem), if loaded. */
  get(flagKey: string): CompiledFlag | undefined;
  /**
   * Adds or replaces a flag; it is compiled on its first evaluation, or when the returned compiled
   * flag's `problem` is read. Never throws: a flag that cannot be compiled is stored and evaluates
   * to an ERROR; `problem` says why.
   */
  upsertFlag(flag: EvaluableFlag): CompiledFlag;
  /** Removes a flag; false when it was not loaded. Flags that require it then evaluate to ERROR. */
  deleteFlag(flagKey: string): boolean;
  /**
   * Adds or replaces a segment and recompiles the flags that reference it.
   * @returns the keys of the recompiled flags (whose results may have changed).
   */
  upsertSegment(segment: Segment): string[];
  /**
   * Removes a segment and recompiles the flags that reference it (they then evaluate to ERROR).
   * @returns the keys of the recompiled flags.
   */
  deleteSegment(segmentKey: string): string[];
  /** Replaces every flag and segment, e.g. with a new snapshot. */
  replaceAll(ruleSet: Pick<RuleSet, 'flags' | 'segments'>): void;
}

/**
 * How an evaluator works; every option changes speed only, never a result. `codegen: false` keeps
 * every flag's rules as closures, for environments whose Content Security Policy forbids `new Function`.
 */
export type EvaluatorOptions = RuleChainOptions;

/**
 * Creates an evaluator holding an environment's flags and segments, compiled once. SDKs apply
 * stream patches with its upsert and delete methods; ordering patches by version is the caller's job.
 *
 * @param ruleSet - the initial flags and segments (default: none).
 * @param options - see {@link EvaluatorOptions} (default: rule chains generated for hot rules).
 */
export function createEvaluator(ruleSet: Pick<RuleSet, 'flags' | 'segments'> = { flags: [], segments: [] }, options: EvaluatorOptions = {}): FlagEvaluator {
  const evaluator = new Evaluator(ruleChainSettings(options));
  evaluator.replaceAll(ruleSet);
  return evaluator;
}

const FLAG_NOT_FOUND: EvaluationResult = Object.freeze({ value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });

class Evaluator implements FlagEvaluator {
  private readonly flags = new Map<string, CompiledFlagImpl>();
  private readonly segments = new Map<string, Segment>();
  /** Compiled segments, filled on first use and dropped when the segment changes. */
  private readonly compiledSegments = new Map<string, CompiledSegment | CompileProblem>();
  /** Segment key -> keys of the flags whose rules reference it (whether it exists or not). */
  private readonly dependents = new Map<string, Set<string>>();
  /** What the hot flags' and segments' rule chains may still take (rule-chain-code.ts); replaced with the flags by replaceAll. */
  private chainBudget: RuleChainBudget;
  private readonly lookup = (key: string): CompiledFlag | undefined => this.flags.get(key);
  private readonly resolveSegment = (key: string): Matcher | undefined => {
    let compiled = this.compiledSegments.get(key);
    if (compiled === undefined) {
      const segment = this.segments.get(key);
      if (segment === undefined) return undefined;
      try {
        compiled = compileSegment(segment, this.chainBudget);
      } catch (e) {
        compiled = e instanceof CompileError ? e.problem : { errorCode: 'GENERAL', message: `segment "${key}" is malformed` };
      }
      this.compiledSegments.set(key, compiled);
    }
    if (!(compiled instanceof CompiledSegment)) throw new CompileError(compiled.errorCode, compiled.message);
    return compiled.matcher;
  };

  constructor(private readonly chainSettings: RuleChainSettings) {
    this.chainBudget = new RuleChainBudget(chainSettings);
  }

  evaluate(flagKey: string, context: EvaluationContext | null | undefined): EvaluationResult {
    const flag = this.flags.get(flagKey);
    if (flag === undefined) return FLAG_NOT_FOUND;
    if (flag.constant !== null) return flag.constant;
    return this.evaluateCompiled(flag, context);
  }

  /** A flag whose result depends on the context; the one try/catch of the evaluation. */
  private evaluateCompiled(flag: CompiledFlagImpl, context: EvaluationContext | null | undefined): EvaluationResult {
    try {
      return evaluateFlag(flag, toContextObject(context), this.lookup, undefined);
    } catch {
      return flag.error('GENERAL');
    }
  }

  evaluateTyped<T>(flagKey: string, context: EvaluationContext | null | undefined, expectedType: VariationType, defaultValue: T): EvaluationResult<T> {
    // The SDKs' typed variation methods land here: kept small enough for V8 to inline into them,
    // with the rare outcomes in functions of their own. One Map lookup per call, not two.
    const flag = this.flags.get(flagKey);
    // The common case: a compiled flag of the expected type whose every result is of that type (known
    // at compile time for nearly every flag), so the result, whose shape varies with the reason and
    // would make reading it polymorphic, need not be looked into.
    if (flag !== undefined && flag.uncheckedType === expectedType) {
      const constant = flag.constant;
      return (constant !== null ? constant : this.evaluateCompiled(flag, context)) as EvaluationResult<T>;
    }
    return this.evaluateTypedChecked(flag, context, expectedType, defaultValue);
  }

  /** evaluateTyped's other cases: unknown flag, another type, not compiled yet, or results to check. */
  private evaluateTypedChecked<T>(flag: CompiledFlagImpl | undefined, context: EvaluationContext | null | undefined, expectedType: VariationType, defaultValue: T): EvaluationResult<T> {
    if (flag === undefined || flag.variationType !== expectedType) return callerDefault(defaultValue, 'ERROR', flag === undefined ? 'FLAG_NOT_FOUND' : 'TYPE_MISMATCH');
    const result = flag.constant ?? this.evaluateCompiled(flag, context);
    // Compiled by now: its results need checking unless they all are of its (the expected) type.
    return flag.uncheckedType === expectedType ? (result as EvaluationResult<T>) : checkedType(result, expectedType, defaultValue);
  }

  explain(flagKey: string, context: EvaluationContext | null | undefined): EvaluationTrace {
    const flag = this.flags.get(flagKey);
    return flag === undefined ? explainNotFound(flagKey, FLAG_NOT_FOUND) : explainLoaded(flag, context, this.lookup);
  }

  has(flagKey: string): boolean {
    return this.flags.has(flagKey);
  }

  keys(): string[] {
    return [...this.flags.keys()];
  }

  get(flagKey: string): CompiledFlag | undefined {
    return this.flags.get(flagKey);
  }

  upsertFlag(flag: EvaluableFlag): CompiledFlag {
    // Compiled on first evaluation (or when its `problem` is read): see CompiledFlagImpl.
    const compiled = new CompiledFlagImpl(flag, this.resolveSegment, this.chainBudget);
    this.forgetFlag(compiled.key);
    this.flags.set(compiled.key, compiled);
    for (const segmentKey of compiled.segmentKeys) {
      let keys = this.dependents.get(segmentKey);
      if (keys === undefined) this.dependents.set(segmentKey, (keys = new Set()));
      keys.add(compiled.key);
    }
    return compiled;
  }

  deleteFlag(flagKey: string): boolean {
    this.forgetFlag(flagKey);
    return this.flags.delete(flagKey);
  }

  upsertSegment(segment: Segment): string[] {
    const key: unknown = segment?.key;
    if (typeof key !== 'string') return [];
    this.segments.set(key, segment);
    return this.recompileDependents(key);
  }

  deleteSegment(segmentKey: string): string[] {
    if (!this.segments.delete(segmentKey)) return [];
    return this.recompileDependents(segmentKey);
  }

  replaceAll(ruleSet: Pick<RuleSet, 'flags' | 'segments'>): void {
    this.chainBudget = new RuleChainBudget(this.chainSettings);
    this.flags.clear();
    this.segments.clear();
    this.compiledSegments.clear();
    this.dependents.clear();
    for (const segment of ruleSet.segments) if (typeof segment?.key === 'string') this.segments.set(segment.key, segment);
    for (const flag of ruleSet.flags) this.upsertFlag(flag);
  }

  private recompileDependents(segmentKey: string): string[] {
    const previous = this.compiledSegments.get(segmentKey);
    if (previous instanceof CompiledSegment) dropRuleChain(previous);
    this.compiledSegments.delete(segmentKey);
    const keys = [...(this.dependents.get(segmentKey) ?? [])];
    for (const flagKey of keys) {
      const flag = this.flags.get(flagKey);
      if (flag !== undefined) this.upsertFlag(flag.source);
    }
    return keys;
  }

  /** Forgets what a flag about to be replaced or deleted holds: its segment dependencies and its rule chain. */
  private forgetFlag(flagKey: string): void {
    const previous = this.flags.get(flagKey);
    if (previous === undefined) return;
    dropRuleChain(previous);
    for (const segmentKey of previous.segmentKeys) {
      const keys = this.dependents.get(segmentKey);
      keys?.delete(flagKey);
      if (keys?.size === 0) this.dependents.delete(segmentKey);
    }
  }
}

/** A result of a flag whose values may contradict its declared type, checked against it. */
function checkedType<T>(result: EvaluationResult, expectedType: VariationType, defaultValue: T): EvaluationResult<T> {
  // No variant: the flag has no servable value at all (a broken offVariation).
  if (result.variant === undefined) return callerDefault(defaultValue, 'ERROR', result.errorCode ?? 'GENERAL');
  // The declared type is checked by the caller; this guards against values that contradict it.
  if (expectedType !== 'json' && typeof result.value !== expectedType) return callerDefault(defaultValue, 'ERROR', 'TYPE_MISMATCH');
  return result as EvaluationResult<T>;
}

function callerDefault<T>(value: T, reason: 'ERROR', errorCode: NonNullable<EvaluationResult['errorCode']>): EvaluationResult<T> {
  return Object.freeze({ value, reason, errorCode });
}
