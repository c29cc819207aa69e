import { z } from 'zod';
import { keySchema } from '../model/keys';
import { BUCKET_COUNT, LIMITS } from '../model/limits';
import { variationIndexSchema } from '../model/serve';
import { MIGRATION_STAGES, stageIndex } from '../migration/stages';

/**
 * What a gate measures: per arm, the share of tracked calls that failed, or their mean latency in ms; or
 * `prometheus`, the value of the gate's PromQL `query` on the server's Prometheus (one number, judged
 * with `value-at-most`).
 */
export const GATE_SIGNALS = ['error-rate', 'latency-mean', 'prometheus'] as const;
export type GateSignal = (typeof GATE_SIGNALS)[number];

/**
 * How a gate compares: `increase-at-most` — treatment minus control (measured at the same time) at most
 * the threshold; `value-at-most` — the treatment's own figure at most the threshold.
 */
export const GATE_COMPARISONS = ['increase-at-most', 'value-at-most'] as const;
export type GateComparison = (typeof GATE_COMPARISONS)[number];

/** What a failed gate does: return exposure to zero (through the kill path), or hold the plan for a person. */
export const GATE_ACTIONS = ['rollback', 'hold'] as const;
export type GateAction = (typeof GATE_ACTIONS)[number];

const name = z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength);

export const releaseGateSchema = z.strictObject({
  name,
  /** Who answers for the gate (a team or a person): a gate without an owner is a seed anti-pattern. */
  owner: name,
  signal: z.enum(GATE_SIGNALS),
  /** `prometheus` gates only: the PromQL expression, which must yield one number (a scalar or a one-series vector). */
  query: z.string().trim().min(1, 'must not be empty').max(LIMITS.promQueryLength).optional(),
  comparison: z.enum(GATE_COMPARISONS),
  threshold: z.number().finite().min(0, 'must be 0 or more'),
  /** The trailing window the figures are taken over, within the current stage. */
  windowMs: z.number().int().min(1_000, 'must be at least 1000 (one second)').max(7 * 86_400_000),
  onFail: z.enum(GATE_ACTIONS),
});
export type ReleaseGate = z.infer<typeof releaseGateSchema>;

/**
 * One stage: who is exposed (a percentage of the bucket space, a segment such as staff or one region,
 * or both), the minimum dwell once the stage has landed on every connected SDK, and the minimum
 * samples each arm needs before a gate can pass.
 */
export const releaseStageSchema = z
  .strictObject({
    name,
    /** Share of contexts exposed, 0–100 with at most three decimals (one bucket in 100,000). */
    percent: z
      .number()
      .min(0, 'must be 0 or more')
      .max(100, 'must be at most 100')
      .refine((p) => Number.isInteger(Math.round(p * 1000)) && Math.abs(p * 1000 - Math.round(p * 1000)) < 1e-6, 'must have at most three decimals'),
    segment: keySchema.optional(),
    /**
     * Migration flags only: the migration stage this plan stage moves to (everyone at once, so
     * `percent` is 100). The move goes through the migration's own machine and gates: a plan never
     * forces one, and a refused move holds the plan.
     */
    migrationStage: z.enum(MIGRATION_STAGES).exclude(['off']).optional(),
    minDwellMs: z.number().int().min(0, 'must be 0 or more').max(30 * 86_400_000),
    minSamplesPerArm: z.number().int().min(1, 'must be at least 1: a gate never passes on silence').max(100_000_000),
  })
  .refine((s) => s.percent > 0 || s.segment !== undefined, { message: 'must expose someone: a percent above 0 or a segment', path: ['percent'] });
export type ReleaseStage = z.infer<typeof releaseStageSchema>;

/** A release plan's definition: frozen when the plan starts (gate changes mid-run are their own audited action). */
export const releasePlanDefinitionSchema = z
  .strictObject({
    fromVariation: variationIndexSchema,
    toVariation: variationIndexSchema,
    /** The context attribute users are bucketed by (default: the context key). */
    bucketBy: z.string().min(1).max(LIMITS.attributeLength).default('key'),
    stages: z.array(releaseStageSchema).min(1, 'must have at least one stage').max(20, 'must have at most 20 stages'),
    gates: z.array(releaseGateSchema).min(1, 'must have at least one gate: a plan never advances on silence').max(20),
  })
  .superRefine((p, ctx) => {
    if (p.fromVariation === p.toVariation) ctx.addIssue({ code: 'custom', path: ['toVariation'], message: 'must differ from fromVariation' });
    const last = p.stages[p.stages.length - 1];
    if (last && last.percent !== 100) ctx.addIssue({ code: 'custom', path: ['stages', p.stages.length - 1, 'percent'], message: 'the last stage must expose 100 percent' });
    if (p.stages.some((s) => s.migrationStage !== undefined)) {
      p.stages.forEach((s, i) => {
        if (s.migrationStage === undefined) ctx.addIssue({ code: 'custom', path: ['stages', i, 'migrationStage'], message: 'is required on every stage once one stage moves a migration' });
        else if (i > 0 && p.stages[i - 1]!.migrationStage !== undefined && stageIndex(s.migrationStage) !== stageIndex(p.stages[i - 1]!.migrationStage!) + 1)
          ctx.addIssue({ code: 'custom', path: ['stages', i, 'migrationStage'], message: `must be the stage after ${p.stages[i - 1]!.migrationStage}: a migration moves one stage at a time` });
        if (s.percent !== 100) ctx.addIssue({ code: 'custom', path: ['stages', i, 'percent'], message: 'must be 100: a migration stage moves everyone at once' });
        if (s.segment !== undefined) ctx.addIssue({ code: 'custom', path: ['stages', i, 'segment'], message: 'is not allowed on a migration stage: it moves everyone at once' });
      });
      p.gates.forEach((g, i) => {
        if (g.comparison === 'increase-at-most')
          ctx.addIssue({ code: 'custom', path: ['gates', i, 'comparison'], message: 'must be value-at-most on a migration plan: a stage moves everyone, so there is no control arm to compare with' });
      });
    }
    const names = new Set<string>();
    p.gates.forEach((g, i) => {
      if (names.has(g.name)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'name'], message: `"${g.name}" is named twice` });
      names.add(g.name);
      if (g.signal === 'prometheus') {
        if (g.query === undefined) ctx.addIssue({ code: 'custom', path: ['gates', i, 'query'], message: 'is required for a prometheus gate: the PromQL expression to judge' });
        if (g.comparison !== 'value-at-most')
          ctx.addIssue({ code: 'custom', path: ['gates', i, 'comparison'], message: 'must be value-at-most for a prometheus gate: a query has no treatment and control arms' });
      } else if (g.query !== undefined) ctx.addIssue({ code: 'custom', path: ['gates', i, 'query'], message: `is only for prometheus gates; a ${g.signal} gate reads what the SDKs track` });
    });
  });
export type ReleasePlanDefinition = z.infer<typeof releasePlanDefinitionSchema>;
export type ReleasePlanDefinitionInput = z.input<typeof releasePlanDefinitionSchema>;

/** Whether a plan drives a migration flag's stages (its stages name migration stages). */
export function isMigrationPlan(plan: Pick<ReleasePlanDefinition, 'stages'>): boolean {
  return plan.stages.some((s) => s.migrationStage !== undefined);
}

/** A percent as a share of the bucket space (1/100,000ths). */
export function percentToWeight(percent: number): number {
  return Math.min(BUCKET_COUNT, Math.max(0, Math.round(percent * 1000)));
}
