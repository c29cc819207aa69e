import type { Origin } from './stages';

/**
 * Why a move or an attestation was refused:
 * - `same-stage`: the flag is already in the requested stage (a no-op is refused, not audited as a move).
 * - `skip`: a forward move of more than one stage.
 * - `stale-read-store`: the target stage would return values from a stale store.
 * - `stale-compare-store`: a forward move into a comparing stage (`shadow`, `live`) whose other read
 *   store is stale: comparing against it would produce meaningless consistency figures.
 * - `gate`: a promotion gate is not met (see {@link GateName}).
 * - `store-not-written`: an attestation for a store the current stage does not write — it would
 *   be out of date the moment it was made.
 * - `invalid-time`: `now` is not an ISO 8601 date-time.
 * - `killed`: a forward move of a killed migration — it moves only backward until it is restored
 *   (not even an admin's force moves it forward: a kill is undone by a restore, nothing else).
 */
export const REFUSAL_RULES = ['same-stage', 'skip', 'stale-read-store', 'stale-compare-store', 'gate', 'store-not-written', 'invalid-time', 'killed'] as const;
export type RefusalRule = (typeof REFUSAL_RULES)[number];

/**
 * The promotion gates. `comparedReads`, `consistency`, `errorRate` and `dwell` guard
 * `shadow → live`; `dwell` also guards `live → rampdown`; `compatibilityWindow` guards
 * `rampdown → complete`.
 */
export const GATE_NAMES = ['comparedReads', 'consistency', 'errorRate', 'dwell', 'compatibilityWindow'] as const;
export type GateName = (typeof GATE_NAMES)[number];

/**
 * The outcome of one gate. `measured` is absent when the figure could not be measured (no
 * compared reads, no invocations, a malformed figure or time): an unmeasured gate fails.
 * Durations are in milliseconds; rates are fractions in [0, 1].
 */
export interface GateCheck {
  readonly gate: GateName;
  readonly passed: boolean;
  readonly measured?: number;
  readonly threshold: number;
  /** How `measured` must relate to `threshold` to pass. */
  readonly comparison: '>=' | '<';
  readonly message: string;
}

/** One reason for refusing a move or an attestation. Machine-readable; `message` is for people. */
export type Refusal =
  | { readonly rule: 'same-stage' | 'skip' | 'invalid-time' | 'killed'; readonly message: string }
  | { readonly rule: 'stale-read-store' | 'stale-compare-store' | 'store-not-written'; readonly store: Origin; readonly message: string }
  | {
      readonly rule: 'gate';
      readonly gate: GateName;
      readonly measured?: number;
      readonly threshold: number;
      readonly message: string;
    };

/** The refusal for a failed gate check. */
export function gateRefusal(check: GateCheck): Refusal {
  return check.measured === undefined
    ? { rule: 'gate', gate: check.gate, threshold: check.threshold, message: check.message }
    : { rule: 'gate', gate: check.gate, measured: check.measured, threshold: check.threshold, message: check.message };
}
