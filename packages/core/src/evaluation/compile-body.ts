import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Prerequisite } from '../model/rule';
import { VARIATION_TYPES } from '../model/variation';
import type { ClausePlan, Matcher, SegmentResolver } from './compile-clause';
import { compileConjunctionPlans, conjunction } from './compile-conjunction';
import { CompileError, type CompileProblem } from './compile-problem';
import { checkVariationIndex, compileServe, type CompiledServe } from './compile-serve';
import { isVariationType, NONE, safeGet } from './flag-fields';
import { frozenJsonCopy } from './frozen-json';
import type { EvaluationResult } from './result';
import { ResultTable, type ServableVariation } from './result-table';

/** What evaluation needs of a flag, made from its rules by {@link compileBody}. */
export interface CompiledBody {
  readonly table: ResultTable;
  /** Why the flag could not be compiled (its evaluations then return ERROR), or null. */
  readonly problem: CompileProblem | null;
  readonly prerequisites: readonly Prerequisite[];
  readonly targets: ReadonlyMap<string, EvaluationResult> | null;
  readonly ruleMatchers: readonly Matcher[];
  /** Each rule's clause plans, which its matcher was made from (for a rule chain made into code). */
  readonly rulePlans: readonly (readonly ClausePlan[])[];
  readonly ruleServes: readonly CompiledServe[];
  readonly fallthrough: CompiledServe | null;
  /**
   * Whether every result the flag can serve has a variant and a value of the declared type (true
   * for every flag that compiled, unless a variation's value contradicts its variationType): then a
   * typed evaluation needs no check of the result.
   */
  readonly servesDeclaredType: boolean;
}

/**
 * Compiles a flag's variations and rules for fast evaluation: rules become closures, `in` lists
 * Sets, patterns RegExps, versions and dates are parsed, targets become a Map from context key to
 * result, and the results are preallocated.
 *
 * Never throws. A flag that cannot be compiled (an out-of-range variation, an unknown or broken
 * segment, an unparsable or unsafe pattern, a malformed shape) gets a `problem`, and no rules: it
 * then evaluates to its offVariation with reason ERROR and errorCode GENERAL (PARSE_ERROR for
 * clause values that do not parse). Killed and disabled flags still report DISABLED.
 */
export function compileBody(flag: EvaluableFlag, segments: SegmentResolver): CompiledBody {
  const { variations, table } = buildResultTable(flag);
  try {
    if (!table.servable) throw new CompileError('GENERAL', `offVariation ${String(safeGet(flag, 'offVariation'))} does not name a valid variation`);
    const invalid = variations.indexOf(undefined);
    if (invalid >= 0) throw new CompileError('GENERAL', `variation ${invalid} is malformed (it needs a name and a JSON value)`);
    const type = flag.variationType;
    const servesDeclaredType = type === 'json' || variations.every((v) => typeof v?.value === type);
    return compileRules(flag, table, variations.length, segments, servesDeclaredType);
  } catch (e) {
    const problem: CompileProblem = e instanceof CompileError ? e.problem : { errorCode: 'GENERAL', message: `flag is malformed: ${describe(e)}` };
    return { table, problem, prerequisites: NONE, targets: null, ruleMatchers: NONE, rulePlans: NONE, ruleServes: NONE, fallthrough: null, servesDeclaredType: false };
  }
}

function compileRules(flag: EvaluableFlag, table: ResultTable, variationCount: number, segments: SegmentResolver, servesDeclaredType: boolean): CompiledBody {
  if (!isVariationType(flag.variationType))
    throw new CompileError('GENERAL', `variationType ${String(flag.variationType)} is not one of ${VARIATION_TYPES.join(', ')}`);
  const prerequisites = compilePrerequisites(flag.prerequisites);
  const targets = compileTargets(flag.targets, table, variationCount);
  const rules = flag.rules ?? [];
  if (!Array.isArray(rules)) throw new CompileError('GENERAL', 'rules must be a list');
  const ruleMatchers: Matcher[] = [];
  const rulePlans: ClausePlan[][] = [];
  const ruleServes: CompiledServe[] = [];
  rules.forEach((rule, ruleIndex) => {
    const ruleId = typeof rule.id === 'string' ? rule.id : undefined;
    try {
      const plans = compileConjunctionPlans(rule.clauses, segments);
      rulePlans.push(plans);
      ruleMatchers.push(conjunction(plans));
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError(e.problem.errorCode, `rule ${ruleIndex}: ${e.problem.message}`);
      throw e;
    }
    ruleServes.push(compileServe(rule.serve, table, { flagKey: flag.key, variationCount, fixedReason: 'TARGETING_MATCH', ruleIndex, ruleId }));
  });
  // STATIC promises the value does not depend on the context; prerequisites can make it depend.
  const isStatic = targets === null && ruleMatchers.length === 0 && prerequisites.length === 0;
  const fallthrough = compileServe(flag.fallthrough, table, { flagKey: flag.key, variationCount, fixedReason: isStatic ? 'STATIC' : 'DEFAULT' });
  return { table, problem: null, prerequisites, targets, ruleMatchers, rulePlans, ruleServes, fallthrough, servesDeclaredType };
}

function compilePrerequisites(prerequisites: readonly Prerequisite[] | undefined): readonly Prerequisite[] {
  if (prerequisites === undefined || (Array.isArray(prerequisites) && prerequisites.length === 0)) return NONE;
  if (!Array.isArray(prerequisites)) throw new CompileError('GENERAL', 'prerequisites must be a list');
  return prerequisites.map((p, i) => {
    if (typeof p.flag !== 'string' || typeof p.variation !== 'number' || !Number.isInteger(p.variation))
      throw new CompileError('GENERAL', `prerequisite ${i} needs a flag key and a variation index`);
    return { flag: p.flag, variation: p.variation };
  });
}

/** Context key -> TARGETING_MATCH result; null when there are no target keys at all. */
function compileTargets(targets: EvaluableFlag['targets'] | undefined, table: ResultTable, variationCount: number): Map<string, EvaluationResult> | null {
  if (targets === undefined) return null;
  if (!Array.isArray(targets)) throw new CompileError('GENERAL', 'targets must be a list');
  if (targets.length === 0) return null;
  const byKey = new Map<string, EvaluationResult>();
  targets.forEach((target, i) => {
    const index = checkVariationIndex(target.variation, variationCount, `target ${i}`);
    if (!Array.isArray(target.values)) throw new CompileError('GENERAL', `target ${i}: values must be a list`);
    const result = table.serve(index, 'TARGETING_MATCH');
    // A key listed twice keeps its first list (the server refuses such configs anyway).
    for (const key of target.values) if (typeof key === 'string' && !byKey.has(key)) byKey.set(key, result);
  });
  return byKey.size === 0 ? null : byKey;
}

/** Frozen copies of the variations (undefined for a malformed one) and the flag's result table. */
function buildResultTable(flag: EvaluableFlag): { variations: (ServableVariation | undefined)[]; table: ResultTable } {
  const variations: (ServableVariation | undefined)[] = [];
  try {
    const raw: unknown = safeGet(flag, 'variations');
    if (Array.isArray(raw)) {
      for (const v of raw) {
        try {
          const name: unknown = v.name;
          variations.push(typeof name === 'string' ? { name, value: frozenJsonCopy(v.value) } : undefined);
        } catch {
          variations.push(undefined);
        }
      }
    }
  } catch {
    // An unreadable variations list leaves the flag with nothing to serve.
  }
  const off: unknown = safeGet(flag, 'offVariation');
  const offIndex = typeof off === 'number' && Number.isInteger(off) && off >= 0 && variations[off] !== undefined ? off : -1;
  return { variations, table: new ResultTable(variations, offIndex) };
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}
