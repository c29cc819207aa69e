import type { CompiledServe } from '../compile-serve';
import { rolloutInput } from '../compile-serve';
import { readAttribute, readKey, type ContextObject } from '../context-access';
import type { EvaluationResult } from '../result';
import type { ServeTrace } from './trace';

/** What a rule or the fallthrough served, and how: the variation, or the bucket against the rollout's ranges. */
export function explainServe(serve: CompiledServe, ctx: ContextObject, variantOf: (index: number) => string | null): { trace: ServeTrace; result: EvaluationResult } {
  const plan = serve.rollout;
  if (plan === null) {
    const result = serve.fixed ?? serve.serve(ctx);
    const variation = result.variationIndex ?? -1;
    return { trace: { kind: 'variation', variation, variant: variantOf(variation) }, result };
  }
  const ranges = plan.results.map((r, i) => {
    const variation = r.variationIndex ?? -1;
    return { variation, variant: variantOf(variation), from: i === 0 ? 0 : (plan.thresholds[i - 1] as number), to: plan.thresholds[i] as number };
  });
  const trace: ServeTrace = { kind: 'rollout', bucketBy: plan.bucketBy, salt: plan.salt, ranges };
  const input = rolloutInput(plan.bucketBy === 'key' ? readKey(ctx) : readAttribute(ctx, plan.bucketBy));
  if (input === undefined) return { trace, result: plan.missing };
  const bucket = plan.bucketOf(input);
  let chosen = ranges.findIndex((r) => bucket < r.to);
  if (chosen < 0) chosen = ranges.length - 1; // unreachable: the ranges end at BUCKET_COUNT
  Object.assign(trace, { input, bucket, chosen });
  return { trace, result: plan.results[chosen] as EvaluationResult };
}
