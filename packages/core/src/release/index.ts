// Guarded release plans: a plan's definition, its stage machine, gate judgement and the exposure of each
// stage. Pure: every time is an argument. See docs/release-plans.md.
export { GATE_SIGNALS, GATE_COMPARISONS, GATE_ACTIONS, releaseGateSchema, releaseStageSchema, releasePlanDefinitionSchema, percentToWeight, isMigrationPlan } from './plan';
export type { GateSignal, GateComparison, GateAction, ReleaseGate, ReleaseStage, ReleasePlanDefinition, ReleasePlanDefinitionInput } from './plan';
export { defaultStages, defaultGates, defaultMigrationStages, defaultMigrationGates } from './template';
export { judgeGate, armValue, NO_FIGURES } from './judge';
export type { ArmFigures, GateFigures, GateJudgement, GateVerdict, QueryReading } from './judge';
export { RELEASE_STATUSES, RELEASE_PHASES, HOLD_CAUSES, TERMINAL_STATUSES, releaseStateSchema, DRAFT_STATE, isTerminal } from './state';
export type { ReleaseStatus, ReleasePhase, HoldCause, ReleaseState } from './state';
export { RELEASE_ACTIONS, stepRelease, judgeStage, stageHasControl, cumulativeWeight } from './machine';
export type { DeliveryFigures, ReleaseInput, ReleaseEffect, ReleaseAction, ReleaseStep } from './machine';
export { releaseSalt, releaseRuleId, stageRollout, stageSegments, stageConfig } from './exposure';
