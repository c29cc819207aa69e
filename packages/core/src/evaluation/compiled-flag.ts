import type { EvaluationContext } from '../model/context';
import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Prerequisite } from '../model/rule';
import type { VariationType } from '../model/variation';
import type { Matcher } from './compile-clause';
import type { CompileProblem } from './compile-problem';
import type { CompiledServe } from './compile-serve';
import { toContextObject } from './context-access';
import { evaluateFlag } from './evaluate-flag';
import type { EvaluationResult } from './result';
import type { ResultTable } from './result-table';

/** Finds another compiled flag by key, for prerequisites. */
export type FlagLookup = (key: string) => CompiledFlag | undefined;

/**
 * A flag compiled for fast evaluation by {@link compileFlag}. Immutable: a change to the flag, or to
 * a segment it references, means compiling it again.
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

/** Everything a compiled flag is made of, gathered by compileFlag. */
export interface CompiledFlagParts {
  readonly header: Omit<CompiledFlag, 'problem' | 'evaluate'>;
  readonly table: ResultTable;
  readonly problem: CompileProblem | null;
  readonly prerequisites: readonly Prerequisite[];
  readonly targets: ReadonlyMap<string, EvaluationResult> | null;
  readonly ruleMatchers: readonly Matcher[];
  readonly ruleServes: readonly CompiledServe[];
  readonly fallthrough: CompiledServe | null;
}

const NO_FLAGS: FlagLookup = () => undefined;

/** The one implementation of {@link CompiledFlag}; its fields are what evaluation reads. */
export class CompiledFlagImpl implements CompiledFlag {
  readonly key: string;
  readonly version: number;
  readonly variationType: VariationType;
  readonly enabled: boolean;
  readonly killed: boolean;
  readonly source: EvaluableFlag;
  readonly segmentKeys: readonly string[];
  readonly prerequisiteKeys: readonly string[];
  readonly problem: CompileProblem | null;
  readonly table: ResultTable;
  /** The ERROR result served when the flag is on but could not be compiled; null when it compiled. */
  readonly problemResult: EvaluationResult | null;
  readonly prerequisites: readonly Prerequisite[];
  readonly targets: ReadonlyMap<string, EvaluationResult> | null;
  readonly ruleMatchers: readonly Matcher[];
  readonly ruleServes: readonly CompiledServe[];
  /** The fallthrough result when it is a fixed variation. */
  readonly fallthroughFixed: EvaluationResult | null;
  /**
   * The result of every evaluation when it cannot depend on the context (killed, off, broken, or on
   * with nothing but a fixed fallthrough); null otherwise. The fast path: one field check.
   */
  readonly constant: EvaluationResult | null;
  readonly fallthrough: CompiledServe | null;

  constructor(parts: CompiledFlagParts) {
    const h = parts.header;
    this.key = h.key;
    this.version = h.version;
    this.variationType = h.variationType;
    this.enabled = h.enabled;
    this.killed = h.killed;
    this.source = h.source;
    this.segmentKeys = h.segmentKeys;
    this.prerequisiteKeys = h.prerequisiteKeys;
    this.problem = parts.problem;
    this.table = parts.table;
    this.problemResult = parts.problem === null ? null : parts.table.error(parts.problem.errorCode);
    this.prerequisites = parts.prerequisites;
    this.targets = parts.targets;
    this.ruleMatchers = parts.ruleMatchers;
    this.ruleServes = parts.ruleServes;
    this.fallthrough = parts.fallthrough;
    this.fallthroughFixed = parts.fallthrough === null ? null : parts.fallthrough.fixed;
    this.constant = this.killed
      ? this.table.killed
      : !this.enabled
        ? this.table.off
        : (this.problemResult ??
          (this.prerequisites.length === 0 && this.targets === null && this.ruleMatchers.length === 0 ? this.fallthroughFixed : null));
  }

  evaluate(context: EvaluationContext | null | undefined, lookup?: FlagLookup): EvaluationResult {
    try {
      return evaluateFlag(this, toContextObject(context), lookup ?? NO_FLAGS, undefined);
    } catch {
      return this.table.error('GENERAL');
    }
  }
}
