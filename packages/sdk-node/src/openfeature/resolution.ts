import { ErrorCode, type FlagMetadata, type ResolutionDetails } from '@openfeature/server-sdk';
import type { ErrorCode as SwitchyardErrorCode } from '@switchyard/core';
import type { EvaluationDetail } from '../client/client';

/** Switchyard error codes are OpenFeature's; this table is the one place they meet. */
const ERROR_CODES: { readonly [C in SwitchyardErrorCode]: ErrorCode } = {
  PROVIDER_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  PARSE_ERROR: ErrorCode.PARSE_ERROR,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  TARGETING_KEY_MISSING: ErrorCode.TARGETING_KEY_MISSING,
  INVALID_CONTEXT: ErrorCode.INVALID_CONTEXT,
  GENERAL: ErrorCode.GENERAL,
};

const ERROR_MESSAGES: { readonly [C in SwitchyardErrorCode]: string } = {
  PROVIDER_NOT_READY: 'Switchyard has not synced any flags yet',
  FLAG_NOT_FOUND: 'no such flag in this environment',
  PARSE_ERROR: 'a clause value of this flag cannot be used by its operator',
  TYPE_MISMATCH: 'the flag holds values of another type',
  TARGETING_KEY_MISSING: 'the rollout needs a targeting key (or its bucketBy attribute) in the context',
  INVALID_CONTEXT: 'the evaluation context is not valid',
  GENERAL: 'the flag could not be evaluated',
};

/**
 * A Switchyard evaluation as an OpenFeature resolution. Reasons are OpenFeature's standard ones
 * (`STATIC`, `TARGETING_MATCH`, `SPLIT`, `DEFAULT`, `DISABLED`, `ERROR`), plus
 * `PREREQUISITE_FAILED`, which OpenFeature allows as a provider-specific reason. `flagMetadata`
 * carries `ruleId`, `ruleIndex` and `killed` when they apply. Note that OpenFeature serves the
 * caller's default whenever a resolution has an `errorCode`.
 */
export function toResolution<T>(detail: EvaluationDetail<T>): ResolutionDetails<T> {
  const resolution: ResolutionDetails<T> = { value: detail.value, reason: detail.reason };
  if (detail.variant !== undefined) resolution.variant = detail.variant;
  if (detail.errorCode !== undefined) {
    resolution.errorCode = ERROR_CODES[detail.errorCode];
    resolution.errorMessage = ERROR_MESSAGES[detail.errorCode];
  }
  if (detail.ruleIndex !== undefined || detail.killed !== undefined) {
    const metadata: FlagMetadata = {};
    if (detail.ruleIndex !== undefined) metadata.ruleIndex = detail.ruleIndex;
    if (detail.ruleId !== undefined) metadata.ruleId = detail.ruleId;
    if (detail.killed !== undefined) metadata.killed = detail.killed;
    resolution.flagMetadata = metadata;
  }
  return resolution;
}
