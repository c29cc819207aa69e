import { z } from 'zod';

/**
 * The stages of a migration flag, in order. A migration moves old store → new store:
 * `off` (old only) → `dualwrite` → `shadow` → `live` → `rampdown` → `complete` (new only).
 */
export const MIGRATION_STAGES = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'] as const;
export type MigrationStage = (typeof MIGRATION_STAGES)[number];

/** The two stores of a migration: the one being migrated from and the one being migrated to. */
export const ORIGINS = ['old', 'new'] as const;
export type Origin = (typeof ORIGINS)[number];

/** Zod schema of a stage name, for the edge. */
export const migrationStageSchema = z.enum(MIGRATION_STAGES);

/**
 * What an SDK does in one stage: which stores it reads, which value it returns, whether it compares
 * the two reads, and which stores it writes, authoritative write first (a failed authoritative write
 * fails the operation; the other write is best effort).
 */
export interface StagePlan {
  /** Stores read, the one whose value is returned first. */
  readonly reads: readonly Origin[];
  /** The store whose value is returned to the caller. */
  readonly returned: Origin;
  /** Whether both reads are compared (with the caller's check function) and the outcome reported. */
  readonly compare: boolean;
  /** Stores written, authoritative first. */
  readonly writes: readonly Origin[];
  /** The store written first; its failure is the operation's failure. */
  readonly authoritativeWrite: Origin;
  /**
   * The store that is authoritative for reads: the one whose value is returned. Always equal to
   * `returned`; named separately because the freshness rules are phrased in its terms.
   */
  readonly readAuthority: Origin;
}

function plan(reads: Origin[], compare: boolean, writes: Origin[]): StagePlan {
  const [returned] = reads as [Origin];
  const [authoritativeWrite] = writes as [Origin];
  return Object.freeze({
    reads: Object.freeze(reads),
    returned,
    compare,
    writes: Object.freeze(writes),
    authoritativeWrite,
    readAuthority: returned,
  });
}

// DESIGN.md, "Migration flags": the read/write plan of each stage.
const PLANS: Readonly<Record<MigrationStage, StagePlan>> = Object.freeze({
  off: plan(['old'], false, ['old']),
  dualwrite: plan(['old'], false, ['old', 'new']),
  shadow: plan(['old', 'new'], true, ['old', 'new']),
  live: plan(['new', 'old'], true, ['new', 'old']),
  rampdown: plan(['new'], false, ['new', 'old']),
  complete: plan(['new'], false, ['new']),
});

/** The read/write plan of a stage. The returned object (and its arrays) are frozen and shared. */
export function planFor(stage: MigrationStage): StagePlan {
  return PLANS[stage];
}

/** Position of a stage in {@link MIGRATION_STAGES} (0 for `off`). */
export function stageIndex(stage: MigrationStage): number {
  return MIGRATION_STAGES.indexOf(stage);
}

/** Whether `value` is a stage name (for data that did not come through a schema). */
export function isMigrationStage(value: unknown): value is MigrationStage {
  return typeof value === 'string' && (MIGRATION_STAGES as readonly string[]).includes(value);
}
