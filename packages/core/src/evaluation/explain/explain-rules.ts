import { clauseMatcher, type ClausePlan, type Matcher, type SegmentRef } from '../compile-clause';
import { segmentOfMatcher } from '../compile-segment';
import { contextKey, readAttribute, readKey, type ContextObject } from '../context-access';
import { safeGet } from '../flag-fields';
import type { ClauseTrace, RuleTrace, SegmentTrace } from './trace';
import { traceValue, traceValues } from './trace-value';

/**
 * Traces a list of rules (a flag's or a segment's): each clause with the attribute value it saw and
 * whether it matched, and whether the rule matched. The rule's match is its compiled matcher's answer
 * (what evaluation runs); each clause's is its plan's own compiled test. Rules after the first that
 * matched are marked not `reached`.
 *
 * @param sourceRules - the rules as written (for attribute, operator and values).
 */
export function traceRules(plans: readonly (readonly ClausePlan[])[], matchers: readonly Matcher[], sourceRules: unknown, ctx: ContextObject): RuleTrace[] {
  const traces: RuleTrace[] = [];
  let decided = false;
  for (let i = 0; i < plans.length; i++) {
    const sourceRule = safeGet(sourceRules, String(i));
    const clauses = traceClauses(plans[i] as readonly ClausePlan[], safeGet(sourceRule, 'clauses'), ctx);
    const matched = (matchers[i] as Matcher)(ctx);
    const trace: RuleTrace = { index: i, reached: !decided, matched, clauses };
    const id = safeGet(sourceRule, 'id');
    if (typeof id === 'string') trace.id = id;
    if (!matched) {
      const failed = clauses.findIndex((c) => !c.matched);
      if (failed >= 0) trace.failedClause = failed;
    }
    if (matched) decided = true;
    traces.push(trace);
  }
  return traces;
}

function traceClauses(plans: readonly ClausePlan[], sourceClauses: unknown, ctx: ContextObject): ClauseTrace[] {
  return plans.map((plan, index) => traceClause(plan, safeGet(sourceClauses, String(index)), index, ctx));
}

function traceClause(plan: ClausePlan, source: unknown, index: number, ctx: ContextObject): ClauseTrace {
  const op = safeGet(source, 'op');
  const attribute = safeGet(source, 'attribute');
  const trace: ClauseTrace = {
    index,
    attribute: typeof attribute === 'string' ? attribute : '',
    op: typeof op === 'string' ? op : '',
    ...traceValues(safeGet(source, 'values')),
    negate: safeGet(source, 'negate') === true,
    missing: false,
    matched: false,
  };
  if (plan.kind === 'matcher') {
    trace.matched = plan.matcher(ctx);
    trace.segments = plan.segments.map((ref) => traceSegment(ref, ctx));
    return trace;
  }
  const value = plan.attribute === 'key' ? readKey(ctx) : readAttribute(ctx, plan.attribute);
  if (value === undefined || value === null) trace.missing = true;
  else trace.seen = traceValue(value);
  // The clause's own matcher, made from its plan exactly as evaluation makes it.
  trace.matched = clauseMatcher(plan)(ctx);
  return trace;
}

/** A segment's decision for the context: its included list, else its excluded list, else its rules. */
function traceSegment(ref: SegmentRef, ctx: ContextObject): SegmentTrace {
  const member = ref.matcher(ctx);
  const segment = segmentOfMatcher(ref.matcher);
  if (segment === undefined) return { key: ref.key, included: false, excluded: false, rules: [], member };
  const key = contextKey(ctx);
  const included = key !== undefined && segment.included.has(key);
  const excluded = !included && key !== undefined && segment.excluded.has(key);
  const rules =
    included || excluded
      ? []
      : traceRules(segment.rulePlans, segment.ruleMatchers, safeGet(segment.source, 'rules'), ctx).map((r) => ({ index: r.index, matched: r.matched, clauses: r.clauses }));
  return { key: ref.key, included, excluded, rules, member };
}
