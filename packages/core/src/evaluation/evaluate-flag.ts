import { LIMITS } from '../model/limits';
import type { ContextObject } from './context-access';
import { contextKey } from './context-access';
import type { CompiledFlagImpl, FlagLookup } from './compiled-flag';
import type { CompiledServe } from './compile-serve';
import type { EvaluationResult } from './result';
import type { ResultTable } from './result-table';
import { firstMatchWarm } from './rule-chain-code';

/**
 * State shared by the prerequisite evaluations under one top-level evaluation. Created only when a
 * prerequisite has prerequisites of its own, so most flags allocate nothing.
 */
interface PrerequisiteScope {
  /**
   * Keys of the flags whose prerequisites are being checked, from the top-level flag down: finds
   * cycles and bounds depth. Every flag on it has prerequisites, so a flag without any (a leaf)
   * can never close a cycle and is evaluated without the scope.
   */
  readonly path: string[];
  /**
   * What each non-leaf prerequisite already evaluated without error served, and the deepest depth
   * it was evaluated at. Memoizing keeps shared prerequisites (diamonds) from being evaluated again
   * and again, which could otherwise grow exponentially with depth. The memo must never change a
   * result: errors are not memoized (they end the whole evaluation at once), and a result is reused
   * only at a depth no deeper than where it was obtained, since deeper its own prerequisites could
   * cross the depth limit. (A memoized flag cannot close a cycle: it would have found it first.)
   */
  readonly served: Map<string, Served>;
}

interface Served {
  /** The variation index served; -1 when the flag failed its own prerequisites. */
  index: number;
  depth: number;
}

/**
 * Evaluates a compiled flag, in this order: kill switch; enabled; compile problem (these three,
 * like a flag serving one fixed value to everyone, are folded into `constant` at compile time);
 * prerequisites; individual targets; rules (first match wins); fallthrough. Throws only on a bug
 * in this package: the public entry points catch that and return an ERROR result.
 */
export function evaluateFlag(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: PrerequisiteScope | undefined): EvaluationResult {
  // Killed, off, broken, or a fixed value for everyone: decided at compile time.
  if (flag.constant !== null) return flag.constant;
  // The first evaluation of a flag compiles it (evaluators defer compiling; see CompiledFlagImpl).
  if (flag.compileWith !== null) return evaluateFirst(flag, ctx, lookup, scope);
  if (flag.prerequisites.length !== 0) {
    const failed = checkPrerequisites(flag, ctx, lookup, scope);
    if (failed !== undefined) return failed;
  }
  if (flag.targets !== null) {
    const key = contextKey(ctx);
    if (key !== undefined) {
      const target = flag.targets.get(key);
      if (target !== undefined) return target;
    }
  }
  const chain = flag.ruleChain;
  const matched = chain !== null ? chain(ctx) : flag.ruleMatchers.length === 0 ? -1 : firstMatchWarm(flag, ctx);
  if (matched >= 0) {
    const serve = flag.ruleServes[matched] as CompiledServe;
    return serve.fixed ?? serve.serve(ctx);
  }
  return flag.fallthroughFixed ?? (flag.fallthrough as CompiledServe).serve(ctx);
}

/** {@link evaluateFlag} of a flag not compiled yet: compiles it, then evaluates it. */
function evaluateFirst(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: PrerequisiteScope | undefined): EvaluationResult {
  flag.compile();
  return evaluateFlag(flag, ctx, lookup, scope);
}

/**
 * Each prerequisite flag must exist (else ERROR GENERAL), be on and not killed, and serve the
 * required variation without failing its own prerequisites (else PREREQUISITE_FAILED). A cycle, or a
 * chain deeper than LIMITS.prerequisiteDepth below the top-level flag, is an ERROR GENERAL; an
 * ERROR in a prerequisite is the dependent flag's ERROR, with the same code.
 * Returns the failing result, or undefined when every prerequisite is met.
 */
function checkPrerequisites(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: PrerequisiteScope | undefined): EvaluationResult | undefined {
  // How many flags the path holds, which is the depth the prerequisites of `flag` sit at.
  const depth = scope === undefined ? 1 : scope.path.length;
  // evaluateFlag compiled `flag` before coming here.
  const table = flag.table as ResultTable;
  for (const prerequisite of flag.prerequisites) {
    // Every CompiledFlag is made by compileFlag, so it is a CompiledFlagImpl; anything else would
    // throw below, and the entry point's catch turns that into ERROR GENERAL.
    const required = lookup(prerequisite.flag) as CompiledFlagImpl | undefined;
    if (required === undefined) return table.error('GENERAL');
    if (required.killed || !required.enabled) return table.prerequisiteFailed;
    if (depth > LIMITS.prerequisiteDepth) return table.error('GENERAL');
    // Whether it has prerequisites of its own is known once it is compiled.
    required.compile();
    let served: number;
    if (required.prerequisites.length === 0) {
      const result = evaluateFlag(required, ctx, lookup, undefined);
      if (result.reason === 'ERROR') return table.error(result.errorCode ?? 'GENERAL');
      served = servedIndex(result);
    } else {
      scope ??= { path: [flag.key], served: new Map() };
      const memo = scope.served.get(required.key);
      if (memo !== undefined && memo.depth >= depth) served = memo.index;
      else {
        if (scope.path.includes(required.key)) return table.error('GENERAL');
        scope.path.push(required.key);
        const result = evaluateFlag(required, ctx, lookup, scope);
        scope.path.pop();
        if (result.reason === 'ERROR') return table.error(result.errorCode ?? 'GENERAL');
        served = servedIndex(result);
        scope.served.set(required.key, { index: served, depth });
      }
    }
    if (served !== prerequisite.variation) return table.prerequisiteFailed;
  }
  return undefined;
}

/** The variation a prerequisite served, for comparison with the required one (-1: none). */
function servedIndex(result: EvaluationResult): number {
  return result.reason === 'PREREQUISITE_FAILED' ? -1 : (result.variationIndex ?? -1);
}
