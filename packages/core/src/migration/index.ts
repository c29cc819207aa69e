// The migration stage machine: stages and their read/write plans, what is known about each store,
// legal moves, gates, and backfill bookkeeping. Pure: every time is an argument. See docs/migration.md.
export { MIGRATION_STAGES, ORIGINS, migrationStageSchema, planFor, stageIndex, isMigrationStage } from './stages';
export type { MigrationStage, Origin, StagePlan } from './stages';
export { STORE_CAUSES, initialState, isFreshCause, storeOf, migrationStateSchema } from './state';
export type { StoreCause, StoreKnowledge, BackfillKnowledge, MigrationState } from './state';
export { DEFAULT_MIGRATION_GATES, migrationGatesSchema, resolveGates } from './gates';
export type { MigrationGates, MigrationGatesInput } from './gates';
export { measuredComparedReads, measuredConsistency, measuredErrorRate } from './figures';
export type { MigrationFigures } from './figures';
export { REFUSAL_RULES, GATE_NAMES } from './refusal';
export type { RefusalRule, GateName, GateCheck, Refusal } from './refusal';
export { checkGates } from './gate-checks';
export { applyForced, attestBackfill } from './transitions';
export type { AttestationDecision, BackfillDirection } from './transitions';
export { decide, allowedMoves, structuralRefusals } from './decide';
export type { MigrationMove, MoveContext, MoveDecision, MoveOption } from './decide';
export { storeOfRecord, safeStage, killMigration } from './kill';
export { cursorOrder, compareCursors } from './cursor';
export type { CursorOrder } from './cursor';
export { BACKFILL_STATUSES, backfillReportSchema, isFullRangeSucceeded } from './backfill';
export type { BackfillStatus, BackfillReport, CursorRange } from './backfill';
export { migrationVariations, stageVariation, parseStageValue } from './stage-variations';
export type { StageValue } from './stage-variations';
export { LATENCY_BUCKETS_MS, LATENCY_BUCKET_COUNT, latencyBucket, histogramQuantile, migrationMeasurementSchema, migrationMeasurementsBody } from './measurement';
export type { MigrationMeasurement, OriginMeasurement } from './measurement';
