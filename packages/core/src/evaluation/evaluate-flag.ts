import { LIMITS } from '../model/limits';
import type { ContextObject } from './context-access';
import { contextKey } from './context-access';
import type { CompiledFlagImpl, FlagLookup } from './compiled-flag';
import type { CompiledServe } from './compile-serve';
import type { Matcher } from './compile-clause';
import type { EvaluationResult } from './result';

/**
 * State shared by the prerequisite evaluations under one top-level evaluation. Created only for
 * flags that have prerequisites, so flags without them allocate nothing.
 */
interface PrerequisiteScope {
  /** Keys of the flags being evaluated, from the top-level flag down: finds cycles, bounds depth. */
  readonly path: string[];
  /**
   * Variation index served by each prerequisite flag already evaluated without error (-1: it failed
   * its own prerequisites). Memoizing keeps shared prerequisites (diamonds) from being evaluated
   * again and again, which could otherwise grow exponentially with depth. Errors are not memoized:
   * they end the whole evaluation at once, and a cycle or depth error depends on the path taken.
   */
  readonly served: Map<string, number>;
}

/**
 * Evaluates a compiled flag, in this order: kill switch; enabled; compile problem (these three,
 * like a flag serving one fixed value to everyone, are folded into `constant` at compile time);
 * prerequisites; individual targets; rules (first match wins); fallthrough. Throws only on a bug in this package:
 * the public entry points catch that and return an ERROR result.
 */
export function evaluateFlag(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: PrerequisiteScope | undefined): EvaluationResult {
  // Killed, off, broken, or a fixed value for everyone: decided at compile time.
  if (flag.constant !== null) return flag.constant;
  if (flag.prerequisites.length !== 0) {
    const failed = checkPrerequisites(flag, ctx, lookup, scope ?? { path: [flag.key], served: new Map() });
    if (failed !== undefined) return failed;
  }
  if (flag.targets !== null) {
    const key = contextKey(ctx);
    if (key !== undefined) {
      const target = flag.targets.get(key);
      if (target !== undefined) return target;
    }
  }
  const rules = flag.ruleMatchers;
  for (let i = 0; i < rules.length; i++) {
    if ((rules[i] as Matcher)(ctx)) {
      const serve = flag.ruleServes[i] as CompiledServe;
      return serve.fixed ?? serve.serve(ctx);
    }
  }
  return flag.fallthroughFixed ?? (flag.fallthrough as CompiledServe).serve(ctx);
}

/**
 * Each prerequisite flag must exist (else ERROR GENERAL), be on and not killed, and serve the
 * required variation without failing its own prerequisites (else PREREQUISITE_FAILED). A cycle, or a
 * chain deeper than LIMITS.prerequisiteDepth below the top-level flag, is an ERROR GENERAL; an
 * ERROR in a prerequisite is the dependent flag's ERROR, with the same code.
 * Returns the failing result, or undefined when every prerequisite is met.
 */
function checkPrerequisites(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: PrerequisiteScope): EvaluationResult | undefined {
  for (const prerequisite of flag.prerequisites) {
    // Every CompiledFlag is made by compileFlag, so it is a CompiledFlagImpl; anything else would
    // throw below, and the entry point's catch turns that into ERROR GENERAL.
    const required = lookup(prerequisite.flag) as CompiledFlagImpl | undefined;
    if (required === undefined) return flag.table.error('GENERAL');
    if (required.killed || !required.enabled) return flag.table.prerequisiteFailed;
    let served = scope.served.get(required.key);
    if (served === undefined) {
      if (scope.path.includes(required.key) || scope.path.length > LIMITS.prerequisiteDepth) return flag.table.error('GENERAL');
      scope.path.push(required.key);
      const result = evaluateFlag(required, ctx, lookup, scope);
      scope.path.pop();
      if (result.reason === 'ERROR') return flag.table.error(result.errorCode ?? 'GENERAL');
      served = result.reason === 'PREREQUISITE_FAILED' ? -1 : (result.variationIndex ?? -1);
      scope.served.set(required.key, served);
    }
    if (served !== prerequisite.variation) return flag.table.prerequisiteFailed;
  }
  return undefined;
}
