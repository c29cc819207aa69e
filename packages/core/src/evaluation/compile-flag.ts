import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Prerequisite } from '../model/rule';
import type { Segment } from '../model/segment';
import { VARIATION_TYPES, type VariationType } from '../model/variation';
import type { Matcher, SegmentResolver } from './compile-clause';
import { compileConjunction } from './compile-conjunction';
import { CompileError, type CompileProblem } from './compile-problem';
import { compileSegment } from './compile-segment';
import { checkVariationIndex, compileServe, type CompiledServe } from './compile-serve';
import { CompiledFlagImpl, type CompiledFlag, type CompiledFlagParts } from './compiled-flag';
import { frozenJsonCopy } from './frozen-json';
import type { EvaluationResult } from './result';
import { ResultTable, type ServableVariation } from './result-table';

/**
 * Compiles a flag once for fast evaluation: rules become closures, `in` lists Sets, patterns
 * RegExps, versions and dates are parsed, targets become a Map from context key to result, and every
 * result is preallocated.
 *
 * Never throws. A flag that cannot be compiled (an out-of-range variation, an unknown or broken
 * segment, an unparsable or unsafe pattern, a malformed shape) compiles to one that evaluates to its
 * offVariation with reason ERROR and errorCode GENERAL (PARSE_ERROR for clause values that do not
 * parse); its `problem` says why. Killed and disabled flags still report DISABLED.
 *
 * @param flag - the flag; it is kept as `source` and must not be modified afterwards.
 * @param segments - the environment's segments by key; only the referenced ones are compiled.
 */
export function compileFlag(flag: EvaluableFlag, segments: ReadonlyMap<string, Segment>): CompiledFlag {
  const compiled = new Map<string, Matcher>();
  return compileFlagWith(flag, (key) => {
    let matcher = compiled.get(key);
    if (matcher === undefined) {
      const segment = segments.get(key);
      if (segment === undefined) return undefined;
      matcher = compileSegment(segment);
      compiled.set(key, matcher);
    }
    return matcher;
  });
}

/** {@link compileFlag} with segments resolved by the caller (the evaluator caches compiled segments). */
export function compileFlagWith(flag: EvaluableFlag, segments: SegmentResolver): CompiledFlagImpl {
  const header = readHeader(flag);
  const { variations, table } = buildResultTable(flag);
  try {
    if (!table.servable) throw new CompileError('GENERAL', `offVariation ${String(safeGet(flag, 'offVariation'))} does not name a valid variation`);
    const invalid = variations.findIndex((v) => v === undefined);
    if (invalid >= 0) throw new CompileError('GENERAL', `variation ${invalid} is malformed (it needs a name and a JSON value)`);
    return new CompiledFlagImpl({ header, problem: null, ...compileBody(flag, table, variations.length, segments) });
  } catch (e) {
    const problem: CompileProblem = e instanceof CompileError ? e.problem : { errorCode: 'GENERAL', message: `flag is malformed: ${describe(e)}` };
    return new CompiledFlagImpl({ header, problem, table, prerequisites: NONE, targets: null, ruleMatchers: NONE, ruleServes: NONE, fallthrough: null });
  }
}

type Body = Omit<CompiledFlagParts, 'header' | 'problem'>;

/** The empty list, shared: most flags have no prerequisites and reference no segments. */
const NONE: readonly never[] = Object.freeze([]);

function compileBody(flag: EvaluableFlag, table: ResultTable, variationCount: number, segments: SegmentResolver): Body {
  if (!isVariationType(flag.variationType))
    throw new CompileError('GENERAL', `variationType ${String(flag.variationType)} is not one of ${VARIATION_TYPES.join(', ')}`);
  const prerequisites = compilePrerequisites(flag.prerequisites);
  const targets = compileTargets(flag.targets, table, variationCount);
  const rules = flag.rules ?? [];
  if (!Array.isArray(rules)) throw new CompileError('GENERAL', 'rules must be a list');
  const ruleMatchers: Matcher[] = [];
  const ruleServes: CompiledServe[] = [];
  rules.forEach((rule, ruleIndex) => {
    const ruleId = typeof rule.id === 'string' ? rule.id : undefined;
    try {
      ruleMatchers.push(compileConjunction(rule.clauses, segments));
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError(e.problem.errorCode, `rule ${ruleIndex}: ${e.problem.message}`);
      throw e;
    }
    ruleServes.push(compileServe(rule.serve, table, { flagKey: flag.key, variationCount, fixedReason: 'TARGETING_MATCH', ruleIndex, ruleId }));
  });
  // STATIC promises the value does not depend on the context; prerequisites can make it depend.
  const isStatic = targets === null && ruleMatchers.length === 0 && prerequisites.length === 0;
  const fallthrough = compileServe(flag.fallthrough, table, { flagKey: flag.key, variationCount, fixedReason: isStatic ? 'STATIC' : 'DEFAULT' });
  return { table, prerequisites, targets, ruleMatchers, ruleServes, fallthrough };
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

/** The fields that describe a flag, read defensively: this never throws, whatever `flag` is. */
function readHeader(flag: EvaluableFlag): CompiledFlagParts['header'] {
  const key = safeGet(flag, 'key');
  const version = safeGet(flag, 'version');
  const variationType = safeGet(flag, 'variationType');
  const killed = safeGet(flag, 'killed');
  return {
    key: typeof key === 'string' ? key : '',
    version: typeof version === 'number' ? version : 0,
    // A malformed type makes the flag a compile problem (compileBody); 'json' only fills the field.
    variationType: isVariationType(variationType) ? variationType : 'json',
    enabled: safeGet(flag, 'enabled') === true,
    killed: killed !== undefined && killed !== null && killed !== false,
    source: flag,
    segmentKeys: referencedSegments(flag),
    prerequisiteKeys: prerequisiteKeys(flag),
  };
}

function referencedSegments(flag: EvaluableFlag): readonly string[] {
  let keys: string[] | undefined;
  try {
    for (const rule of flag.rules)
      for (const clause of rule.clauses)
        if (clause.op === 'segmentMatch') for (const v of clause.values) if (typeof v === 'string' && !(keys ??= []).includes(v)) keys.push(v);
  } catch {
    // Malformed rules: compileBody reports them; the keys found so far still drive recompiles.
  }
  return keys ?? NONE;
}

function prerequisiteKeys(flag: EvaluableFlag): readonly string[] {
  try {
    if (flag.prerequisites.length === 0) return NONE;
    return flag.prerequisites.flatMap((p) => (typeof p.flag === 'string' ? [p.flag] : []));
  } catch {
    return NONE;
  }
}

function isVariationType(value: unknown): value is VariationType {
  return (VARIATION_TYPES as readonly unknown[]).includes(value);
}

function safeGet(obj: unknown, name: string): unknown {
  try {
    return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}
