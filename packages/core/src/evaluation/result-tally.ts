/**
 * A mutable counting cell carried by every result that serves a variation, under the
 * {@link RESULT_TALLY} symbol. Results are frozen objects shared by every evaluation that serves
 * them (one per variation, reason and rule of a compiled flag), so a caller that counts evaluations
 * per result (the SDKs' evaluation summaries) can count in the cell with one increment instead of a
 * Map lookup: `owner` says which counter the cell belongs to at the moment (null: nobody's), `count`
 * is that owner's count and `note` whatever the owner keeps beside it. Core never reads or writes them.
 *
 * The property is non-enumerable: invisible to equality checks, spreading, `Object.keys` and JSON.
 */
export interface ResultTally {
  owner: unknown;
  count: number;
  note: unknown;
}

export const RESULT_TALLY: unique symbol = Symbol('switchyard.resultTally');

/** A result as it may carry its tally (only those with a variant do). */
export interface TalliedResult {
  readonly [RESULT_TALLY]?: ResultTally;
}

/** Gives a result, before it is frozen, its (empty, unowned) tally. */
export function addTally(result: object): void {
  const tally: ResultTally = { owner: null, count: 0, note: null };
  Object.defineProperty(result, RESULT_TALLY, { value: tally, enumerable: false, writable: false, configurable: false });
}
