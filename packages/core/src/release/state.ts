import { z } from 'zod';

export const RELEASE_STATUSES = ['draft', 'running', 'held', 'completed', 'rolled-back', 'aborted'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/**
 * Within a running stage: `delivering` until the stage's change has landed on every connected SDK,
 * `soaking` for the stage's minimum dwell from then, `judging` until every gate passes.
 */
export const RELEASE_PHASES = ['delivering', 'soaking', 'judging'] as const;
export type ReleasePhase = (typeof RELEASE_PHASES)[number];

/** Why a plan is held: a person paused it, a gate failed with `hold`, or a migration refused the plan's next move. */
export const HOLD_CAUSES = ['paused', 'gate-failed', 'migration-refused'] as const;
export type HoldCause = (typeof HOLD_CAUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<ReleaseStatus> = new Set(['completed', 'rolled-back', 'aborted']);

/** Where a plan is. Everything the machine needs to continue after a restart is here. */
export const releaseStateSchema = z.strictObject({
  status: z.enum(RELEASE_STATUSES),
  /** The current stage's index (the last one reached, for a terminal plan). */
  stage: z.number().int().min(0),
  phase: z.enum(RELEASE_PHASES),
  /** The environment version the stage's exposure was written at; null until it is written. */
  stageVersion: z.number().int().min(0).nullable(),
  /** When the stage's version landed on every connected SDK: the dwell clock's start (ISO). */
  landedAt: z.iso.datetime({ offset: true }).nullable(),
  heldBecause: z.enum(HOLD_CAUSES).nullable(),
  /** Per gate, the control arm's figure when the last stage passed: what a stage without control compares to. */
  baseline: z.record(z.string(), z.number()),
});
export type ReleaseState = z.infer<typeof releaseStateSchema>;

export const DRAFT_STATE: ReleaseState = {
  status: 'draft',
  stage: 0,
  phase: 'delivering',
  stageVersion: null,
  landedAt: null,
  heldBecause: null,
  baseline: {},
};

export function isTerminal(state: Pick<ReleaseState, 'status'>): boolean {
  return TERMINAL_STATUSES.has(state.status);
}
