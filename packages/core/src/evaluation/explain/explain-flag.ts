import type { EvaluationContext } from '../../model/context';
import { LIMITS } from '../../model/limits';
import type { CompiledServe } from '../compile-serve';
import type { CompiledFlagImpl, FlagLookup } from '../compiled-flag';
import { contextKey, toContextObject, type ContextObject } from '../context-access';
import { safeGet } from '../flag-fields';
import type { EvaluationResult } from '../result';
import type { ResultTable } from '../result-table';
import { explainServe } from './explain-serve';
import { traceRules } from './explain-rules';
import type { EvaluationTrace, PrerequisiteTrace, ServeTrace, TraceDecision } from './trace';

/**
 * Prerequisite state of one explanation, as evaluate-flag.ts keeps it: the path of flags whose
 * prerequisites are being checked (cycles, depth) and what non-leaf prerequisites served (so a
 * shared prerequisite is explained once, as it is evaluated once).
 */
interface ExplainScope {
  readonly path: string[];
  readonly served: Map<string, { index: number; depth: number }>;
}

/**
 * Explains one evaluation of a loaded flag. Never throws: should the explanation itself fail, the
 * trace says so (step `error`) and carries the flag's ERROR result, as evaluation's own safety net does.
 */
export function explainLoaded(flag: CompiledFlagImpl, context: EvaluationContext | null | undefined, lookup: FlagLookup): EvaluationTrace {
  try {
    return explainFlag(flag, toContextObject(context), lookup, { path: [flag.key], served: new Map() });
  } catch {
    const trace = baseTrace(flag.key, flag.error('GENERAL'));
    trace.version = flag.version;
    trace.decision = { step: 'error', message: 'the evaluation failed unexpectedly: the flag serves its off variation' };
    return trace;
  }
}

/** The explanation of a flag that is not loaded: the evaluation's FLAG_NOT_FOUND result. */
export function explainNotFound(flagKey: string, result: EvaluationResult): EvaluationTrace {
  const trace = baseTrace(flagKey, result);
  trace.found = false;
  trace.decision = { step: 'not-found', message: `there is no flag "${flagKey}": the caller's default is served` };
  return trace;
}

function baseTrace(flagKey: string, result: EvaluationResult): EvaluationTrace {
  return {
    flagKey: String(flagKey),
    found: true,
    version: null,
    result,
    decision: { step: 'error', message: '' },
    killed: false,
    enabled: false,
    problem: null,
    prerequisites: null,
    targets: null,
    rules: null,
    fallthrough: null,
  };
}

/**
 * The steps of evaluate-flag.ts's `evaluateFlag`, in its order, each recorded: kill switch, enabled,
 * compile problem, prerequisites, individual targets, rules (first match wins), fallthrough. It reads
 * the same compiled fields and returns results from the same table, so the result is the very object
 * evaluation returns (the shared fixtures check this, case by case).
 */
function explainFlag(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: ExplainScope): EvaluationTrace {
  flag.compile();
  const table = flag.table as ResultTable;
  const variantOf = (index: number) => variantName(flag, index);
  const trace = baseTrace(flag.key, table.off);
  trace.version = flag.version;
  trace.killed = flag.killed;
  trace.enabled = flag.enabled;
  trace.problem = flag.problem;
  const off = describeVariant(variantOf(table.off.variationIndex ?? -1));
  if (flag.killed) return decide(trace, table.killed, { step: 'killed', message: `the flag is killed: everyone gets the off variation ${off}` });
  if (!flag.enabled) return decide(trace, table.off, { step: 'off', message: `the flag is off: everyone gets the off variation ${off}` });
  if (flag.problemResult !== null)
    return decide(trace, flag.problemResult, { step: 'problem', message: `the flag cannot be evaluated (${flag.problem?.message ?? 'unknown problem'}): it serves the off variation ${off}` });

  if (flag.prerequisites.length !== 0) {
    const items: PrerequisiteTrace[] = (trace.prerequisites = []);
    const failed = explainPrerequisites(flag, ctx, lookup, scope, items);
    if (failed !== undefined) {
      const item = items[items.length - 1] as PrerequisiteTrace;
      return decide(trace, failed, { step: 'prerequisite', prerequisite: item.flag, message: prerequisiteMessage(item, off) });
    }
  }

  const key = contextKey(ctx);
  trace.targets = { key: key ?? null, configured: flag.targets !== null, matched: false };
  if (flag.targets !== null && key !== undefined) {
    const target = flag.targets.get(key);
    if (target !== undefined) {
      const variant = variantOf(target.variationIndex ?? -1);
      Object.assign(trace.targets, { matched: true, variation: target.variationIndex, variant: variant ?? undefined });
      return decide(trace, target, { step: 'target', message: `the context key "${key}" is an individual target of ${describeVariant(variant)}` });
    }
  }

  const rules = (trace.rules = traceRules(flag.rulePlans, flag.ruleMatchers, safeGet(flag.source, 'rules'), ctx));
  const matched = rules.findIndex((r) => r.matched);
  if (matched >= 0) {
    const rule = rules[matched] as NonNullable<typeof rules>[number];
    const served = explainServe(flag.ruleServes[matched] as CompiledServe, ctx, variantOf);
    rule.serve = served.trace;
    const decision: TraceDecision = { step: 'rule', ruleIndex: matched, message: `rule ${matched}${rule.id === undefined ? '' : ` (${rule.id})`} matched: ${serveMessage(served.trace, served.result)}` };
    if (rule.id !== undefined) decision.ruleId = rule.id;
    return decide(trace, served.result, decision);
  }
  const served = explainServe(flag.fallthrough as CompiledServe, ctx, variantOf);
  trace.fallthrough = served.trace;
  const why = trace.targets.configured || rules.length > 0 ? 'no individual target or rule matched' : 'the flag has no targets or rules';
  return decide(trace, served.result, { step: 'fallthrough', message: `${why}: the fallthrough ${serveMessage(served.trace, served.result)}` });
}

/**
 * evaluate-flag.ts's `checkPrerequisites`, recorded: each prerequisite must exist, be on and not
 * killed, and serve the required variation. Returns the failing result, or undefined when all are met.
 */
function explainPrerequisites(flag: CompiledFlagImpl, ctx: ContextObject, lookup: FlagLookup, scope: ExplainScope, items: PrerequisiteTrace[]): EvaluationResult | undefined {
  const depth = scope.path.length;
  const table = flag.table as ResultTable;
  for (const prerequisite of flag.prerequisites) {
    const item: PrerequisiteTrace = {
      flag: prerequisite.flag,
      requiredVariation: prerequisite.variation,
      requiredVariant: null,
      found: false,
      enabled: false,
      killed: false,
      servedVariation: null,
      servedVariant: null,
      met: false,
    };
    items.push(item);
    const required = lookup(prerequisite.flag) as CompiledFlagImpl | undefined;
    if (required === undefined) {
      item.errorCode = 'GENERAL';
      item.note = 'no such flag';
      return table.error('GENERAL');
    }
    Object.assign(item, { found: true, enabled: required.enabled, killed: required.killed, requiredVariant: variantName(required, prerequisite.variation) });
    if (required.killed || !required.enabled) return table.prerequisiteFailed;
    if (depth > LIMITS.prerequisiteDepth) {
      item.errorCode = 'GENERAL';
      item.note = `prerequisites nest deeper than ${LIMITS.prerequisiteDepth} flags`;
      return table.error('GENERAL');
    }
    required.compile();
    let served: number;
    const memo = required.prerequisites.length === 0 ? undefined : scope.served.get(required.key);
    if (memo !== undefined && memo.depth >= depth) {
      served = memo.index;
      item.note = 'evaluated above, for another prerequisite';
    } else {
      const leaf = required.prerequisites.length === 0;
      if (!leaf && scope.path.includes(required.key)) {
        item.errorCode = 'GENERAL';
        item.note = `a cycle: ${[...scope.path, required.key].join(' → ')}`;
        return table.error('GENERAL');
      }
      scope.path.push(required.key);
      const sub = explainFlag(required, ctx, lookup, scope);
      scope.path.pop();
      item.trace = sub;
      if (sub.result.reason === 'ERROR') {
        item.errorCode = sub.result.errorCode ?? 'GENERAL';
        return table.error(item.errorCode);
      }
      served = sub.result.reason === 'PREREQUISITE_FAILED' ? -1 : (sub.result.variationIndex ?? -1);
      if (!leaf) scope.served.set(required.key, { index: served, depth });
    }
    if (served >= 0) Object.assign(item, { servedVariation: served, servedVariant: variantName(required, served) });
    item.met = served === prerequisite.variation;
    if (!item.met) return table.prerequisiteFailed;
  }
  return undefined;
}

function decide(trace: EvaluationTrace, result: EvaluationResult, decision: TraceDecision): EvaluationTrace {
  trace.result = result;
  trace.decision = decision;
  return trace;
}

/** The name of a flag's variation at `index`, or null. */
function variantName(flag: CompiledFlagImpl, index: number): string | null {
  const name = safeGet(safeGet(safeGet(flag.source, 'variations'), String(index)), 'name');
  return typeof name === 'string' ? name : null;
}

function describeVariant(variant: string | null): string {
  return variant === null ? '(none)' : `"${variant}"`;
}

function prerequisiteMessage(item: PrerequisiteTrace, off: string): string {
  const what = `prerequisite "${item.flag}"`;
  if (item.errorCode !== undefined) return `${what} could not be evaluated (${item.note ?? item.errorCode}): the flag serves its off variation ${off} with an error`;
  if (item.killed) return `${what} is killed: the off variation ${off} is served`;
  if (!item.enabled) return `${what} is off: the off variation ${off} is served`;
  const served = item.servedVariant === null ? 'no variation' : `"${item.servedVariant}"`;
  return `${what} served ${served}, not the required ${describeVariant(item.requiredVariant)}: the off variation ${off} is served`;
}

function serveMessage(serve: ServeTrace, result: EvaluationResult): string {
  if (serve.kind === 'variation') return `serves ${describeVariant(serve.variant)}`;
  if (serve.bucket === undefined || serve.chosen === undefined)
    return `rolls out by "${serve.bucketBy}", which the context lacks (or is not a string or integer): the off variation is served with TARGETING_KEY_MISSING`;
  const range = serve.ranges[serve.chosen]!;
  return `rolls out by "${serve.bucketBy}": bucket ${serve.bucket} is in [${range.from}, ${range.to}) of ${describeVariant(range.variant)}${result.reason === 'ERROR' ? ' (with an error)' : ''}`;
}
