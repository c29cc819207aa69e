import type { MigrationFigures } from './figures';
import { checkGates } from './gate-checks';
import type { MigrationGates } from './gates';
import { gateRefusal, type GateCheck, type Refusal } from './refusal';
import { MIGRATION_STAGES, planFor, stageIndex, type MigrationStage } from './stages';
import { storeOf, type MigrationState } from './state';
import { enterStage } from './enter-stage';
import { parseIsoTime } from './time';

/** A requested stage change. */
export interface MigrationMove {
  readonly to: MigrationStage;
}

/**
 * The outcome of a requested move. `checks` lists every gate evaluated (for the audit entry and
 * the UI), passed or not; it is empty for moves that have no gates or are refused structurally.
 */
export type MoveDecision =
  | { readonly allowed: true; readonly next: MigrationState; readonly checks: readonly GateCheck[] }
  | { readonly allowed: false; readonly reasons: readonly Refusal[]; readonly checks: readonly GateCheck[] };

/** One row of {@link allowedMoves}: a stage, whether moving there is allowed now, and why not. */
export interface MoveOption {
  readonly to: MigrationStage;
  readonly allowed: boolean;
  /** Empty when allowed. */
  readonly reasons: readonly Refusal[];
  readonly checks: readonly GateCheck[];
}

/** What else a decision depends on besides the state: whether the migration is killed (see `killMigration`). */
export interface MoveContext {
  readonly killed?: boolean;
}

/**
 * The rules that do not depend on figures: the same stage is refused; a killed migration moves only
 * backward; forward moves go one stage at a time; no move may make a stale store the one whose value
 * is returned; a forward move into a comparing stage needs the store it compares against fresh.
 * Every rule that applies is reported (except that a same-stage request is reported alone).
 */
export function structuralRefusals(state: MigrationState, to: MigrationStage, context: MoveContext = {}): Refusal[] {
  const from = state.stage;
  if (to === from) return [{ rule: 'same-stage', message: `the flag is already in ${from}` }];
  const reasons: Refusal[] = [];
  const forward = stageIndex(to) > stageIndex(from);
  if (forward && context.killed)
    reasons.push({ rule: 'killed', message: `the migration is killed: it moves only backward until it is restored (${from} → ${to} is forward)` });
  if (stageIndex(to) > stageIndex(from) + 1)
    reasons.push({ rule: 'skip', message: `${from} → ${to} skips stages: forward moves go one stage at a time` });
  const plan = planFor(to);
  const authority = plan.readAuthority;
  if (!storeOf(state, authority).fresh)
    reasons.push({
      rule: 'stale-read-store',
      store: authority,
      message: `${to} returns values from the ${authority} store, which is stale (${storeOf(state, authority).cause})`,
    });
  // Only forward: a backward move is a retreat to safer ground and must not be held up by a
  // comparison that would merely be noisy (its read authority is still checked above).
  if (forward && plan.compare)
    for (const other of plan.reads)
      if (other !== authority && !storeOf(state, other).fresh)
        reasons.push({
          rule: 'stale-compare-store',
          store: other,
          message: `${to} compares reads with the ${other} store, which is stale (${storeOf(state, other).cause}): its consistency figures would mean nothing`,
        });
  return reasons;
}

/**
 * Decide a requested move. Allowed moves: one stage forward, when the target's read store (and,
 * for `shadow` and `live`, the store compared against) is fresh and the move's gates pass; or
 * backward to any earlier stage whose read store is fresh. Refusals list every rule and every gate
 * that failed. On success `next` is the state after the move, entered at `figures.now`.
 */
export function decide(state: MigrationState, move: MigrationMove, figures: MigrationFigures, gates: MigrationGates, context: MoveContext = {}): MoveDecision {
  const reasons = structuralRefusals(state, move.to, context);
  if (reasons[0]?.rule === 'same-stage') return { allowed: false, reasons, checks: [] };
  if (parseIsoTime(figures.now) === undefined)
    reasons.push({ rule: 'invalid-time', message: `now must be an ISO 8601 date-time, got ${JSON.stringify(figures.now)}` });
  const oneStepForward = stageIndex(move.to) === stageIndex(state.stage) + 1;
  const checks = oneStepForward ? checkGates(state, move.to, figures, gates) : [];
  for (const c of checks) if (!c.passed) reasons.push(gateRefusal(c));
  if (reasons.length > 0) return { allowed: false, reasons, checks };
  return { allowed: true, next: enterStage(state, move.to, figures.now), checks };
}

/** Every stage, in order, with whether a move there is allowed now and why not (for the admin UI). */
export function allowedMoves(state: MigrationState, figures: MigrationFigures, gates: MigrationGates, context: MoveContext = {}): MoveOption[] {
  return MIGRATION_STAGES.map((to) => {
    const d = decide(state, { to }, figures, gates, context);
    return { to, allowed: d.allowed, reasons: d.allowed ? [] : d.reasons, checks: d.checks };
  });
}
