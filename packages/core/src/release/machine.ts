import { judgeGate, type GateFigures, type GateJudgement } from './judge';
import { percentToWeight, type ReleasePlanDefinition } from './plan';
import { isTerminal, type ReleaseState } from './state';

/** How many live SDK connections of the environment have applied a version ("landed on N of N"). */
export interface DeliveryFigures {
  applied: number;
  total: number;
}

/** Everything the machine is told. Times are ISO strings: the machine has no clock of its own. */
export type ReleaseInput =
  | { type: 'start'; at: string }
  /** The current stage's exposure was written at this environment version. */
  | { type: 'written'; at: string; version: number }
  /** The scheduler's periodic look: delivery of the stage's version, and per gate its figures within the stage. */
  | { type: 'tick'; at: string; delivery: DeliveryFigures | null; figures: Readonly<Record<string, GateFigures>> }
  | { type: 'pause'; at: string }
  | { type: 'resume'; at: string }
  /** A person's push past inconclusive gates (never past a failed one, an unfinished dwell or delivery). */
  | { type: 'advance'; at: string; figures: Readonly<Record<string, GateFigures>> }
  | { type: 'abort'; at: string }
  /** A migration flag's own machine refused the stage move the plan's last step called for: the plan holds where it was. */
  | { type: 'refused'; at: string; why: string };

/** What the caller must carry out, in the same transaction as the new state and its audit entry. */
export type ReleaseEffect = { kind: 'expose'; stage: number } | { kind: 'kill' };

/** Audit actions of release plans: every transition, automatic ones included. */
export const RELEASE_ACTIONS = [
  'release.start',
  'release.landed',
  'release.soaked',
  'release.advance',
  'release.complete',
  'release.hold',
  'release.pause',
  'release.resume',
  'release.rollback',
  'release.abort',
] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

export type ReleaseStep =
  | {
      ok: true;
      state: ReleaseState;
      /** null: nothing changed (a tick that found the plan waiting). */
      action: ReleaseAction | null;
      effects: ReleaseEffect[];
      judgements: GateJudgement[];
      /** Why the plan moved, or why it waits. */
      why: string;
    }
  | { ok: false; refusal: string };

const stay = (state: ReleaseState, why: string, judgements: GateJudgement[] = []): ReleaseStep => ({ ok: true, state, action: null, effects: [], judgements, why });
const move = (state: ReleaseState, action: ReleaseAction, why: string, effects: ReleaseEffect[] = [], judgements: GateJudgement[] = []): ReleaseStep => ({
  ok: true,
  state,
  action,
  effects,
  judgements,
  why,
});

/** Whether a stage leaves anyone on the from-variation to compare with (anything short of 100 %). */
export function stageHasControl(plan: ReleasePlanDefinition, stage: number): boolean {
  return cumulativeWeight(plan, stage) < percentToWeight(100);
}

/** The share of buckets exposed at a stage: the widest of it and every stage before (exposure only widens). */
export function cumulativeWeight(plan: ReleasePlanDefinition, stage: number): number {
  let w = 0;
  for (let i = 0; i <= stage && i < plan.stages.length; i++) w = Math.max(w, percentToWeight(plan.stages[i]!.percent));
  return w;
}

/** Every gate judged on the current stage's figures. */
export function judgeStage(plan: ReleasePlanDefinition, state: ReleaseState, figures: Readonly<Record<string, GateFigures>>): GateJudgement[] {
  const stage = plan.stages[state.stage]!;
  const control = stageHasControl(plan, state.stage);
  return plan.gates.map((g) => judgeGate(g, figures[g.name], stage.minSamplesPerArm, state.baseline[g.name], control));
}

function failureStep(plan: ReleasePlanDefinition, state: ReleaseState, judgements: GateJudgement[]): ReleaseStep | undefined {
  const failed = judgements.filter((j) => j.verdict === 'fail');
  if (failed.length === 0) return undefined;
  const why = failed.map((j) => `${j.gate}: ${j.why}`).join('; ');
  const rollback = failed.some((j) => plan.gates.find((g) => g.name === j.gate)?.onFail === 'rollback');
  if (rollback) return move({ ...state, status: 'rolled-back', heldBecause: null }, 'release.rollback', why, [{ kind: 'kill' }], judgements);
  return move({ ...state, status: 'held', heldBecause: 'gate-failed' }, 'release.hold', why, [], judgements);
}

function dwellLeftMs(plan: ReleasePlanDefinition, state: ReleaseState, at: string): number {
  if (state.landedAt === null) return Infinity;
  return plan.stages[state.stage]!.minDwellMs - (Date.parse(at) - Date.parse(state.landedAt));
}

/** Moves past a stage whose gates all passed (or, for `advance`, none failed). */
function passStage(plan: ReleasePlanDefinition, state: ReleaseState, judgements: GateJudgement[], why: string): ReleaseStep {
  const baseline = { ...state.baseline };
  for (const j of judgements) if (!j.control.fromBaseline && j.control.value !== null && j.control.samples > 0) baseline[j.gate] = j.control.value;
  if (state.stage === plan.stages.length - 1) return move({ ...state, status: 'completed', baseline }, 'release.complete', why, [], judgements);
  const next = state.stage + 1;
  return move(
    { ...state, stage: next, phase: 'delivering', stageVersion: null, landedAt: null, baseline },
    'release.advance',
    why,
    [{ kind: 'expose', stage: next }],
    judgements,
  );
}

function tick(plan: ReleasePlanDefinition, state: ReleaseState, input: Extract<ReleaseInput, { type: 'tick' }>): ReleaseStep {
  if (state.status !== 'running') return stay(state, `the plan is ${state.status}`);
  if (state.phase === 'delivering') {
    if (state.stageVersion === null) return stay(state, 'the stage has not been written yet');
    const d = input.delivery;
    if (d === null) return stay(state, 'no delivery figures: waiting for them');
    if (d.applied < d.total) return stay(state, `landed on ${d.applied} of ${d.total} SDK connections`);
    return move({ ...state, phase: 'soaking', landedAt: input.at }, 'release.landed', `landed on ${d.applied} of ${d.total} SDK connections: the dwell starts`);
  }
  const judgements = judgeStage(plan, state, input.figures);
  const failed = failureStep(plan, state, judgements);
  if (failed) return failed;
  const left = dwellLeftMs(plan, state, input.at);
  if (state.phase === 'soaking') {
    if (left > 0) return stay(state, `${Math.ceil(left / 1000)} s of dwell left`, judgements);
    return move({ ...state, phase: 'judging' }, 'release.soaked', 'the minimum dwell is over: judging', [], judgements);
  }
  const waiting = judgements.filter((j) => j.verdict !== 'pass');
  if (waiting.length > 0) return stay(state, `holding: ${waiting.map((j) => `${j.gate}: ${j.why}`).join('; ')}`, judgements);
  return passStage(plan, state, judgements, 'every gate passed');
}

/**
 * The release plan's stage machine: one input, the next state, its audit action and what to carry out.
 * Pure. It moves at most one stage forward per input, never before the stage's delivery and dwell are
 * complete, never past a failed gate, and never on missing data. Refusals say why.
 */
export function stepRelease(plan: ReleasePlanDefinition, state: ReleaseState, input: ReleaseInput): ReleaseStep {
  switch (input.type) {
    case 'start':
      if (state.status !== 'draft') return { ok: false, refusal: `the plan is ${state.status}, not a draft` };
      return move({ ...state, status: 'running', stage: 0, phase: 'delivering', stageVersion: null, landedAt: null }, 'release.start', 'started', [
        { kind: 'expose', stage: 0 },
      ]);
    case 'written':
      if (isTerminal(state) || state.status === 'draft' || state.phase !== 'delivering' || state.stageVersion !== null)
        return { ok: false, refusal: 'no stage is waiting to be written' };
      return stay({ ...state, stageVersion: input.version }, `written at version ${input.version}`);
    case 'tick':
      return tick(plan, state, input);
    case 'pause':
      if (state.status !== 'running') return { ok: false, refusal: `only a running plan can be paused; this one is ${state.status}` };
      return move({ ...state, status: 'held', heldBecause: 'paused' }, 'release.pause', 'paused');
    case 'resume': {
      if (state.status !== 'held') return { ok: false, refusal: `only a held plan can be resumed; this one is ${state.status}` };
      // The dwell and the figures start over: what was seen before the hold does not count towards passing.
      const landed = state.landedAt !== null;
      return move(
        { ...state, status: 'running', heldBecause: null, phase: landed ? 'soaking' : 'delivering', landedAt: landed ? input.at : null },
        'release.resume',
        landed ? 'resumed: the dwell starts over' : 'resumed: waiting for delivery',
      );
    }
    case 'advance': {
      if (state.status !== 'running') return { ok: false, refusal: `only a running plan can be advanced; this one is ${state.status}` };
      if (state.phase === 'delivering') return { ok: false, refusal: "the stage has not landed on every connected SDK yet" };
      const left = dwellLeftMs(plan, state, input.at);
      if (left > 0) return { ok: false, refusal: `the stage's minimum dwell has ${Math.ceil(left / 1000)} s left` };
      const judgements = judgeStage(plan, state, input.figures);
      const failed = judgements.filter((j) => j.verdict === 'fail');
      if (failed.length > 0) return { ok: false, refusal: `a gate failed: ${failed.map((j) => `${j.gate}: ${j.why}`).join('; ')}` };
      return passStage(plan, state, judgements, 'advanced by hand: no gate failed');
    }
    case 'refused':
      if (state.status !== 'running') return { ok: false, refusal: `only a running plan's move can be refused; this one is ${state.status}` };
      return move({ ...state, status: 'held', heldBecause: 'migration-refused' }, 'release.hold', `the migration refused the move: ${input.why}`);
    case 'abort':
      if (isTerminal(state)) return { ok: false, refusal: `the plan is already ${state.status}` };
      return move({ ...state, status: 'aborted', heldBecause: null }, 'release.abort', 'aborted', state.status === 'draft' ? [] : [{ kind: 'kill' }]);
  }
}
