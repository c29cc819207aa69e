import type { JsonValue } from '../../model/json';
import type { CompileProblem } from '../compile-problem';
import type { ErrorCode, EvaluationResult } from '../result';

/**
 * Why one evaluation served what it served, step by step: the answer to "why did this user get this
 * value?". Made by {@link FlagEvaluator.explain} from the same compiled flag, tests and result table
 * as the evaluation itself, so `result` is the very result `evaluate` returns for the same flag and
 * context. Plain JSON: the server's explain endpoint sends it as it is.
 *
 * Steps an evaluation did not reach are `null` (e.g. `rules` of a killed flag); rules after the one
 * that matched are listed with `reached: false`, their clauses still tested (what they would decide).
 */
export interface EvaluationTrace {
  flagKey: string;
  /** false: no flag with this key is loaded (result: FLAG_NOT_FOUND). */
  found: boolean;
  /** The environment version at which the flag last changed; null when not found. */
  version: number | null;
  /** What the evaluation returned: the same object `evaluate(flagKey, context)` returns. */
  result: EvaluationResult;
  /** The step that decided the result, with a sentence saying so. */
  decision: TraceDecision;
  killed: boolean;
  enabled: boolean;
  /** Why the flag could not be compiled (it then serves its offVariation with reason ERROR), or null. */
  problem: CompileProblem | null;
  /** Each prerequisite checked, in order, up to the first that failed; null when not reached. */
  prerequisites: PrerequisiteTrace[] | null;
  targets: TargetTrace | null;
  /** Every rule, in order; null when not reached. */
  rules: RuleTrace[] | null;
  /** The fallthrough, when no target or rule matched; null otherwise. */
  fallthrough: ServeTrace | null;
}

/** The steps of an evaluation, in the order they are taken. */
export const TRACE_STEPS = ['not-found', 'killed', 'off', 'problem', 'prerequisite', 'target', 'rule', 'fallthrough', 'error'] as const;
export type TraceStep = (typeof TRACE_STEPS)[number];

export interface TraceDecision {
  step: TraceStep;
  /** The rule that matched (step `rule`). */
  ruleIndex?: number;
  ruleId?: string;
  /** The prerequisite that failed (step `prerequisite`). */
  prerequisite?: string;
  /** One sentence, e.g. `rule 2 (beta-testers) matched; rollout: bucket 41,234 is in [33,000, 66,000) of "b"`. */
  message: string;
}

export interface PrerequisiteTrace {
  flag: string;
  /** The variation the prerequisite must serve. */
  requiredVariation: number;
  requiredVariant: string | null;
  found: boolean;
  enabled: boolean;
  killed: boolean;
  /** The variation it served (null when it served none: off, failed its own prerequisites, not found). */
  servedVariation: number | null;
  servedVariant: string | null;
  met: boolean;
  /** Its evaluation failed: the dependent flag fails with the same code. */
  errorCode?: ErrorCode;
  /** Why the chain could not be followed (a cycle, too deep), when that is why it failed. */
  note?: string;
  /** Its own trace, when it was evaluated here (absent when it was off, killed, missing, or already evaluated above). */
  trace?: EvaluationTrace;
}

export interface TargetTrace {
  /** The context key looked up (`key`, else `targetingKey`, when a string). */
  key: string | null;
  /** Whether the flag lists individual targets at all. */
  configured: boolean;
  matched: boolean;
  variation?: number;
  variant?: string;
}

export interface RuleTrace {
  index: number;
  id?: string;
  /** false for rules after the one that matched: they did not decide anything. */
  reached: boolean;
  matched: boolean;
  /** The first clause that did not match (which made the rule fail). */
  failedClause?: number;
  clauses: ClauseTrace[];
  /** What the rule served, when it matched and was reached. */
  serve?: ServeTrace;
}

export interface ClauseTrace {
  index: number;
  attribute: string;
  op: string;
  /** The clause's values (at most {@link TRACE_VALUE_LIMIT}; `valuesOmitted` counts the rest). */
  values: JsonValue[];
  valuesOmitted?: number;
  negate: boolean;
  /** The attribute value the clause saw (absent when the context has none; segmentMatch reads no attribute). */
  seen?: JsonValue;
  /** The context has no such attribute (a missing attribute never matches, negated or not). */
  missing: boolean;
  matched: boolean;
  /** segmentMatch: each segment's decision. */
  segments?: SegmentTrace[];
}

export interface SegmentTrace {
  key: string;
  /** The context key is on the segment's included list. */
  included: boolean;
  /** The context key is on its excluded list (only looked at when not included). */
  excluded: boolean;
  /** Its rules (any one matching makes the context a member), when neither list decided. */
  rules: { index: number; matched: boolean; clauses: ClauseTrace[] }[];
  member: boolean;
}

export type ServeTrace =
  | { kind: 'variation'; variation: number; variant: string | null }
  | {
      kind: 'rollout';
      bucketBy: string;
      salt: string;
      /** The value hashed; absent when the context has no usable one (then TARGETING_KEY_MISSING). */
      input?: string;
      /** Its bucket, 0 to 99,999. */
      bucket?: number;
      /** Each variation's bucket range [from, to). */
      ranges: { variation: number; variant: string | null; from: number; to: number }[];
      /** Index into `ranges` of the range the bucket fell in. */
      chosen?: number;
    };

/** At most this many clause values (and array elements of a seen value) are copied into a trace. */
export const TRACE_VALUE_LIMIT = 50;
