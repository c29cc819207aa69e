/**
 * A mutable cell carried by every result that serves a variation, under the {@link RESULT_TALLY}
 * symbol. Results are frozen objects shared by every evaluation that serves them (one per
 * variation, reason and rule of a compiled flag), so a caller that counts evaluations per result
 * (the SDKs' evaluation summaries) can keep its counter in `slot` and count with an increment
 * instead of a Map lookup. Core never reads or writes `slot`.
 *
 * The property is non-enumerable: invisible to equality checks, spreading, `Object.keys` and JSON.
 */
export interface ResultTally {
  slot: unknown;
}

export const RESULT_TALLY: unique symbol = Symbol('switchyard.resultTally');

/** A result as it may carry its tally (only those with a variant do). */
export interface TalliedResult {
  readonly [RESULT_TALLY]?: ResultTally;
}

/** Gives a result, before it is frozen, its (empty) tally. */
export function addTally(result: object): void {
  Object.defineProperty(result, RESULT_TALLY, { value: { slot: null } satisfies ResultTally, enumerable: false, writable: false, configurable: false });
}
