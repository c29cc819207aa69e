import type { JsonValue } from '../model/json';
import type { ErrorCode, EvaluationReason, EvaluationResult } from './result';
import { addTally } from './result-tally';

/** A served variation: its name and a frozen copy of its value. */
export interface ServableVariation {
  readonly name: string;
  readonly value: JsonValue;
}

/**
 * The preallocated, frozen results of one compiled flag. Every outcome of an evaluation (a variation
 * and a reason, plus a rule index for rule matches) is known at compile time, so evaluation returns
 * one of these objects instead of allocating: the results are shared and must not be modified.
 * Each one that serves a variation carries a {@link ResultTally} for callers that count them.
 */
export class ResultTable {
  /** ERROR results by code, made on first use: most flags never need one (compile time is on the hot path of a 10,000-flag snapshot). */
  private errors: Map<ErrorCode, EvaluationResult> | undefined;
  private killedResult: EvaluationResult | undefined;
  private prerequisiteFailedResult: EvaluationResult | undefined;
  readonly off: EvaluationResult;

  /**
   * @param variations - the flag's variations (frozen values; undefined for a malformed one).
   * @param offVariation - index of the safe default, or -1 when the flag has no servable off
   *   variation: then every result is an ERROR with a null value and no variant.
   */
  constructor(
    private readonly variations: readonly (ServableVariation | undefined)[],
    private readonly offVariation: number,
  ) {
    this.off = this.serve(offVariation, 'DISABLED');
  }

  /** The result of a killed flag: the off variation, DISABLED, `killed: true` (made on first use, then shared). */
  get killed(): EvaluationResult {
    return (this.killedResult ??= this.offVariation < 0 ? this.error('GENERAL') : served({ ...this.off, killed: true }));
  }

  /** The result of a flag whose prerequisite failed (made on first use, then shared). */
  get prerequisiteFailed(): EvaluationResult {
    return (this.prerequisiteFailedResult ??= this.serve(this.offVariation, 'PREREQUISITE_FAILED'));
  }

  /** Whether the flag can serve anything at all (its off variation exists). */
  get servable(): boolean {
    return this.offVariation >= 0;
  }

  /** The frozen result serving `index` for `reason`, with the matching rule when there is one. */
  serve(index: number, reason: EvaluationReason, ruleIndex?: number, ruleId?: string): EvaluationResult {
    const variation = this.variations[index];
    if (variation === undefined) return this.error('GENERAL');
    const result: EvaluationResult = { value: variation.value, variant: variation.name, variationIndex: index, reason };
    if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
    if (ruleId !== undefined) result.ruleId = ruleId;
    return served(result);
  }

  /** The frozen ERROR result for `code`: the off variation, or a null value when there is none. */
  error(code: ErrorCode): EvaluationResult {
    const errors = (this.errors ??= new Map());
    let result = errors.get(code);
    if (result === undefined) {
      const off = this.variations[this.offVariation];
      result =
        off === undefined
          ? Object.freeze<EvaluationResult>({ value: null, reason: 'ERROR', errorCode: code })
          : served({ value: off.value, variant: off.name, variationIndex: this.offVariation, reason: 'ERROR', errorCode: code });
      errors.set(code, result);
    }
    return result;
  }
}

/** A result that serves a variation: given its tally (see ResultTally), then frozen. */
function served(result: EvaluationResult): EvaluationResult {
  addTally(result);
  return Object.freeze(result);
}
