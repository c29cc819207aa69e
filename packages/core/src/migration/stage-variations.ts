import type { JsonValue } from '../model/json';
import type { Variation } from '../model/variation';
import { isMigrationStage, MIGRATION_STAGES, stageIndex, type MigrationStage } from './stages';

/**
 * A migration flag serves its stage as a JSON variation `{ stage, checkRatio }`: one variation per
 * stage, in stage order, named after the stage. The server moves the flag by serving another
 * variation, so the stage reaches SDKs through the ordinary stream.
 */
export interface StageValue {
  stage: MigrationStage;
  /** Share of reads compared in shadow and live (0..1). */
  checkRatio: number;
}

export function migrationVariations(checkRatio: number): Variation[] {
  return MIGRATION_STAGES.map((stage) => ({ name: stage, value: { stage, checkRatio } }));
}

/** The variation index serving `stage`. */
export const stageVariation = (stage: MigrationStage): number => stageIndex(stage);

/** Reads a served migration value; anything else is `undefined` (the SDK then falls back to `off`). */
export function parseStageValue(value: JsonValue | undefined): StageValue | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { stage, checkRatio } = value;
  if (!isMigrationStage(stage)) return undefined;
  const ratio = typeof checkRatio === 'number' && checkRatio >= 0 && checkRatio <= 1 ? checkRatio : 1;
  return { stage, checkRatio: ratio };
}
