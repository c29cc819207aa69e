import { BUCKET_COUNT } from '../model/limits';
import type { Rule } from '../model/rule';
import type { Rollout } from '../model/serve';
import { cumulativeWeight } from './machine';
import type { ReleasePlanDefinition } from './plan';

/**
 * The salt of every plan's rollout on a flag. One per flag, not per plan: a user's bucket is the same
 * in every plan, so after a rollback a new plan exposes the same users first.
 */
export function releaseSalt(flagKey: string): string {
  return `release.${flagKey}`;
}

/** The id of the rule through which a plan exposes its stages' segments. */
export function releaseRuleId(planId: string): string {
  return `release:${planId}`;
}

/**
 * The rollout of a stage: the to-variation holds buckets [0, w), the from-variation [w, 100,000). As
 * stages widen `w`, every bucket once exposed stays exposed: exposure is sticky through pause, resume
 * and restart because it is a function of the stage alone.
 */
export function stageRollout(plan: ReleasePlanDefinition, flagKey: string, stage: number): Rollout {
  const w = cumulativeWeight(plan, stage);
  const variations = [
    { variation: plan.toVariation, weight: w },
    { variation: plan.fromVariation, weight: BUCKET_COUNT - w },
  ];
  return { bucketBy: plan.bucketBy, salt: releaseSalt(flagKey), variations };
}

/** Segments exposed at a stage: those of it and every stage before. */
export function stageSegments(plan: ReleasePlanDefinition, stage: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i <= stage && i < plan.stages.length; i++) {
    const s = plan.stages[i]!.segment;
    if (s !== undefined && !keys.includes(s)) keys.push(s);
  }
  return keys;
}

/**
 * The config fields a stage sets: the plan's segment rule first (other rules keep their order after
 * it), and the fallthrough rollout. Rules of the flag's own stay as they are.
 */
export function stageConfig(plan: ReleasePlanDefinition, planId: string, flagKey: string, stage: number, rules: readonly Rule[]): { rules: Rule[]; fallthrough: { rollout: Rollout } } {
  const id = releaseRuleId(planId);
  const own = rules.filter((r) => r.id !== id);
  const segments = stageSegments(plan, stage);
  const rule: Rule[] = segments.length > 0 ? [{ id, description: 'Exposed by a release plan', clauses: [{ attribute: 'key', op: 'segmentMatch', values: segments }], serve: { variation: plan.toVariation } }] : [];
  return { rules: [...rule, ...own], fallthrough: { rollout: stageRollout(plan, flagKey, stage) } };
}
