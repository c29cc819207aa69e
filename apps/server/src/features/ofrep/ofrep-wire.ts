import type { ErrorCode, EvaluableFlag, EvaluationReason, EvaluationResult, JsonValue } from '@switchyard/core';

/**
 * The OpenFeature Remote Evaluation Protocol's wire shapes (open-feature/protocol,
 * `service/openapi.yaml` 0.3), and how Switchyard's results map onto them. Written once here;
 * the routes, the docs' examples and the tests read them from this file.
 */

/** The reasons OFREP's success schema lists. */
export type OfrepReason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'UNKNOWN';

/** The error codes OFREP's failure schemas list (FLAG_NOT_FOUND is a 404 of its own). */
export type OfrepErrorCode = 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'GENERAL' | 'FLAG_NOT_FOUND';

/** Flag metadata values: OFREP allows booleans, strings and numbers only. */
export type OfrepMetadata = Record<string, boolean | string | number>;

export interface OfrepSuccess {
  key: string;
  value: JsonValue;
  reason: OfrepReason;
  variant?: string;
  metadata: OfrepMetadata;
}

export interface OfrepFailure {
  key?: string;
  errorCode: OfrepErrorCode;
  errorDetails: string;
  metadata?: OfrepMetadata;
}

/** One `eventStreams` entry of a bulk answer (ADR-0008). */
export interface OfrepEventStream {
  type: 'sse';
  /** Where to connect: `requestUri` on the provider's OFREP origin (Switchyard's form), or a whole `url`. */
  endpoint?: { origin?: string; requestUri: string };
  url?: string;
  inactivityDelaySec: number;
}

export interface OfrepBulkSuccess {
  flags: (OfrepSuccess | OfrepFailure)[];
  metadata: OfrepMetadata;
  eventStreams?: OfrepEventStream[];
}

/**
 * Switchyard's reasons onto OFREP's: STATIC, TARGETING_MATCH, SPLIT and DISABLED are the same words;
 * DEFAULT (the fallthrough served after rules and targets did not match) and PREREQUISITE_FAILED have
 * no OFREP word and answer UNKNOWN. The exact reason always travels in `metadata.switchyardReason`.
 */
export const OFREP_REASONS: Record<Exclude<EvaluationReason, 'ERROR'>, OfrepReason> = {
  STATIC: 'STATIC',
  TARGETING_MATCH: 'TARGETING_MATCH',
  SPLIT: 'SPLIT',
  DISABLED: 'DISABLED',
  DEFAULT: 'UNKNOWN',
  PREREQUISITE_FAILED: 'UNKNOWN',
};

/** Core's error codes that an evaluation can give, onto OFREP's (anything else is GENERAL). */
function ofrepErrorCode(code: ErrorCode | undefined): OfrepErrorCode {
  switch (code) {
    case 'PARSE_ERROR':
    case 'TARGETING_KEY_MISSING':
    case 'INVALID_CONTEXT':
    case 'FLAG_NOT_FOUND':
      return code;
    default:
      return 'GENERAL';
  }
}

const ERROR_DETAILS: Record<OfrepErrorCode, string> = {
  PARSE_ERROR: 'The flag holds a value that cannot be read (its configuration names a value of another type); its safe default is served by Switchyard SDKs.',
  TARGETING_KEY_MISSING: 'The flag buckets by an attribute the context does not have: send a targetingKey (or the attribute).',
  INVALID_CONTEXT: 'The context cannot be evaluated by this flag.',
  GENERAL: 'The flag cannot be evaluated (its configuration is broken: a missing segment or prerequisite).',
  FLAG_NOT_FOUND: 'No such flag.',
};

/** What OFREP metadata says about a flag beyond its value: owner and expiry come from its definition. */
export interface FlagFacts {
  owner: string;
  expiresAt: string | null;
}

/** The metadata of one flag's answer: Switchyard's exact reason, the kill, owner, type and expiry. */
export function flagMetadata(flag: EvaluableFlag, result: EvaluationResult, facts: FlagFacts | undefined): OfrepMetadata {
  const metadata: OfrepMetadata = {
    switchyardReason: result.reason,
    killed: flag.killed != null,
    type: flag.type,
    flagVersion: flag.version,
  };
  if (result.errorCode !== undefined) metadata.switchyardErrorCode = result.errorCode;
  if (result.ruleId !== undefined) metadata.ruleId = result.ruleId;
  if (result.ruleIndex !== undefined) metadata.ruleIndex = result.ruleIndex;
  if (facts) {
    metadata.owner = facts.owner;
    if (facts.expiresAt !== null) metadata.expiresAt = facts.expiresAt;
  }
  return metadata;
}

/**
 * One flag's evaluation as OFREP answers it: a success, or — when Switchyard's evaluation ended in
 * ERROR — a failure with OFREP's error code, so that the provider serves the caller's default (an
 * OpenFeature SDK's rule for errors; Switchyard's own SDKs serve the flag's offVariation instead).
 */
export function toOfrep(flag: EvaluableFlag | undefined, key: string, result: EvaluationResult, facts: FlagFacts | undefined): OfrepSuccess | OfrepFailure {
  if (flag === undefined) return notFound(key);
  const metadata = flagMetadata(flag, result, facts);
  if (result.reason === 'ERROR') {
    const errorCode = ofrepErrorCode(result.errorCode);
    return { key, errorCode, errorDetails: ERROR_DETAILS[errorCode], metadata };
  }
  const out: OfrepSuccess = { key, value: result.value, reason: OFREP_REASONS[result.reason], metadata };
  if (result.variant !== undefined) out.variant = result.variant;
  return out;
}

/** The answer for a flag the key may not see, or that does not exist: the two are not told apart. */
export function notFound(key: string): OfrepFailure {
  return { key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `Flag '${key}' was not found.` };
}

/** The HTTP status of a single flag's failure. */
export function failureStatus(failure: OfrepFailure): 400 | 404 {
  return failure.errorCode === 'FLAG_NOT_FOUND' ? 404 : 400;
}

export function isFailure(answer: OfrepSuccess | OfrepFailure): answer is OfrepFailure {
  return 'errorCode' in answer;
}
