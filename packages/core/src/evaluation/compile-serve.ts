import { bucketerFor } from '../bucketing/bucket';
import { BUCKET_COUNT } from '../model/limits';
import type { Rollout, Serve } from '../model/serve';
import { CompileError } from './compile-problem';
import { readAttribute, readKey, type ContextObject } from './context-access';
import type { EvaluationReason, EvaluationResult } from './result';
import type { ResultTable } from './result-table';

/** What a rule or the fallthrough serves, compiled: the result for a context. */
export interface CompiledServe {
  /** The result when the serve is a fixed variation (no context needed); null for a rollout. */
  readonly fixed: EvaluationResult | null;
  readonly serve: (ctx: ContextObject) => EvaluationResult;
  /** What a rollout hashes and how it divides the buckets (read by explain, never on the hot path); null for a fixed variation. */
  readonly rollout: RolloutPlan | null;
}

/** A compiled rollout: the closure in {@link CompiledServe.serve} runs exactly this. */
export interface RolloutPlan {
  readonly bucketBy: string;
  readonly salt: string;
  /** The bucket of a bucketBy value (0 to BUCKET_COUNT - 1). */
  readonly bucketOf: (value: string) => number;
  /** Cumulative weights: the i-th result is served for buckets below thresholds[i] and at or above thresholds[i - 1]. */
  readonly thresholds: readonly number[];
  readonly results: readonly EvaluationResult[];
  /** Served when the context has no usable bucketBy value. */
  readonly missing: EvaluationResult;
}

/**
 * The value a rollout hashes: the bucketBy attribute as a string (safe integers in decimal), or
 * undefined when the context has no usable one. Shared by the rollout closure and explain.
 */
export function rolloutInput(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  return undefined;
}

/**
 * `serve` of every fixed serve, shared: called as `compiled.serve(ctx)`, it returns that serve's
 * `fixed` result. One function for all of them instead of a closure per rule keeps compiling a
 * 10,000-flag snapshot cheaper (fewer allocations, and no per-closure name fix-up under tsx).
 */
function serveFixed(this: CompiledServe): EvaluationResult {
  return this.fixed as EvaluationResult;
}

/** Where a serve sits in its flag: the fallthrough, or a rule (for ruleIndex/ruleId in results). */
export interface ServeSite {
  readonly flagKey: string;
  readonly variationCount: number;
  /** Reason for a fixed variation: TARGETING_MATCH for a rule, STATIC or DEFAULT for the fallthrough. */
  readonly fixedReason: EvaluationReason;
  readonly ruleIndex?: number;
  readonly ruleId?: string;
}

/** Throws {@link CompileError} (GENERAL) unless `index` names one of the flag's variations. */
export function checkVariationIndex(index: unknown, variationCount: number, where: string): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= variationCount)
    throw new CompileError('GENERAL', `${where}: variation ${String(index)} is not one of the flag's ${variationCount} variations`);
  return index;
}

/** Compiles a fixed variation or a percentage rollout into preallocated results. */
export function compileServe(serve: Serve, table: ResultTable, site: ServeSite): CompiledServe {
  const where = site.ruleIndex === undefined ? 'fallthrough' : `rule ${site.ruleIndex}`;
  if (typeof serve !== 'object' || serve === null) throw new CompileError('GENERAL', `${where} serves nothing`);
  if ('variation' in serve) {
    const index = checkVariationIndex(serve.variation, site.variationCount, where);
    return { fixed: table.serve(index, site.fixedReason, site.ruleIndex, site.ruleId), serve: serveFixed, rollout: null };
  }
  if ('rollout' in serve) {
    const plan = compileRollout(serve.rollout, table, site, where);
    return { fixed: null, serve: rolloutServe(plan), rollout: plan };
  }
  throw new CompileError('GENERAL', `${where} serves neither a variation nor a rollout`);
}

/**
 * A rollout: hash the bucketBy attribute (strings as they are, safe integers in decimal) with the
 * salt into one of BUCKET_COUNT buckets, then serve the variation whose cumulative weight range
 * holds the bucket. A context without a usable bucketBy value gets TARGETING_KEY_MISSING.
 */
function compileRollout(rollout: Rollout, table: ResultTable, site: ServeSite, where: string): RolloutPlan {
  const bucketBy = rollout.bucketBy ?? 'key';
  const salt = rollout.salt ?? site.flagKey;
  if (typeof bucketBy !== 'string' || typeof salt !== 'string') throw new CompileError('GENERAL', `${where}: rollout bucketBy and salt must be strings`);
  if (!Array.isArray(rollout.variations) || rollout.variations.length === 0)
    throw new CompileError('GENERAL', `${where}: rollout has no variations`);
  const thresholds: number[] = [];
  const results: EvaluationResult[] = [];
  let total = 0;
  for (const wv of rollout.variations) {
    const index = checkVariationIndex(wv.variation, site.variationCount, where);
    if (typeof wv.weight !== 'number' || !Number.isInteger(wv.weight) || wv.weight < 0)
      throw new CompileError('GENERAL', `${where}: rollout weight ${String(wv.weight)} is not a non-negative integer`);
    total += wv.weight;
    thresholds.push(total);
    results.push(table.serve(index, 'SPLIT', site.ruleIndex, site.ruleId));
  }
  if (total !== BUCKET_COUNT) throw new CompileError('GENERAL', `${where}: rollout weights sum to ${total}, not ${BUCKET_COUNT}`);
  return { bucketBy, salt, bucketOf: bucketerFor(salt), thresholds, results, missing: table.error('TARGETING_KEY_MISSING') };
}

/** The closure that serves a rollout plan. */
function rolloutServe(plan: RolloutPlan): (ctx: ContextObject) => EvaluationResult {
  const { bucketBy, bucketOf, thresholds, results, missing } = plan;
  const n = results.length;
  const byKey = bucketBy === 'key';
  return (ctx) => {
    const raw = byKey ? readKey(ctx) : readAttribute(ctx, bucketBy);
    let value: string;
    if (typeof raw === 'string') value = raw;
    else if (typeof raw === 'number' && Number.isSafeInteger(raw)) value = String(raw);
    else return missing;
    const bucket = bucketOf(value);
    for (let i = 0; i < n; i++) if (bucket < (thresholds[i] as number)) return results[i] as EvaluationResult;
    return results[n - 1] as EvaluationResult; // unreachable: the thresholds end at BUCKET_COUNT
  };
}
