import type { JsonValue } from '../model/json';

/**
 * Why a value was served, in OpenFeature's vocabulary, plus PREREQUISITE_FAILED.
 * STATIC: on, no targets, rules or prerequisites, fixed fallthrough. TARGETING_MATCH: a target or rule matched.
 * SPLIT: a percentage rollout chose the variation. DEFAULT: no target or rule matched, fallthrough
 * served. DISABLED: the flag is off or killed. ERROR: evaluation failed; `errorCode` says why.
 */
export const EVALUATION_REASONS = ['STATIC', 'TARGETING_MATCH', 'SPLIT', 'DEFAULT', 'DISABLED', 'PREREQUISITE_FAILED', 'ERROR'] as const;
export type EvaluationReason = (typeof EVALUATION_REASONS)[number];

/** OpenFeature error codes. */
export const ERROR_CODES = [
  'PROVIDER_NOT_READY',
  'FLAG_NOT_FOUND',
  'PARSE_ERROR',
  'TYPE_MISMATCH',
  'TARGETING_KEY_MISSING',
  'INVALID_CONTEXT',
  'GENERAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The outcome of one evaluation. Never thrown; always returned. */
export interface EvaluationResult<T = JsonValue> {
  value: T;
  /** The served variation's name; absent when the caller's default was served. */
  variant?: string;
  /** The served variation's index; absent when the caller's default was served. */
  variationIndex?: number;
  reason: EvaluationReason;
  errorCode?: ErrorCode;
  /** Index of the matching rule when a rule matched. */
  ruleIndex?: number;
  /** Id of the matching rule, when it has one. */
  ruleId?: string;
  /** Whether the flag's kill switch is engaged (reason is DISABLED). */
  killed?: boolean;
}
