import type { Clause, Operator } from '../model/clause';
import type { Prerequisite, Rule, Target } from '../model/rule';
import type { Serve } from '../model/serve';

/**
 * Targeting as sentences people read (audit log, CLI plans, change requests): variation names,
 * percentages, "country is one of NO, SE", never weights or JSON. Pure: used by the admin UI and the CLI.
 */
export const OPERATOR_PHRASES: Readonly<Record<Operator, string>> = {
  in: 'is one of',
  notIn: 'is not one of',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  matches: 'matches regex',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  before: 'is before',
  after: 'is after',
  semverEq: 'version =',
  semverLt: 'version <',
  semverGt: 'version >',
  segmentMatch: 'is in segment',
};

/** A variation's name by index; "variation 3" when the flag has no name for it. */
export type VariationNamer = (index: number) => string;

export function variationNamer(names: readonly (string | undefined)[] | undefined): VariationNamer {
  return (i) => (names?.[i] ? `"${names[i]}"` : `variation ${i}`);
}

/** 75000 → "75%", 12345 → "12.345%" (weights are thousandths of a percent). */
export function weightPercent(weight: number): string {
  return `${Number((weight / 1000).toFixed(3))}%`;
}

const MAX_VALUES = 10;

function showValues(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_VALUES).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > MAX_VALUES ? `${shown.join(', ')} (+${values.length - MAX_VALUES} more)` : shown.join(', ');
}

/** `country is one of NO, SE`; `not plan is one of free`; `context is in segment beta`. */
export function describeClause(clause: Clause): string {
  const subject = clause.op === 'segmentMatch' ? 'context' : clause.attribute;
  return `${clause.negate ? 'not ' : ''}${subject} ${OPERATOR_PHRASES[clause.op]} ${showValues(clause.values)}`;
}

/** `serve "on"`; `roll out "on" 75%, "off" 25% by key`. */
export function describeServe(serve: Serve, name: VariationNamer): string {
  if ('variation' in serve) return `serve ${name(serve.variation)}`;
  const parts = serve.rollout.variations.map((v) => `${name(v.variation)} ${weightPercent(v.weight)}`).join(', ');
  return `roll out ${parts}${serve.rollout.bucketBy ? ` by ${serve.rollout.bucketBy}` : ''}`;
}

/** `beta: if country is one of NO, SE and age ≥ 18, serve "on"`. */
export function describeRule(rule: Rule, name: VariationNamer): string {
  const label = rule.description ? `${rule.description}: ` : rule.id ? `(${rule.id}) ` : '';
  const when = rule.clauses.length === 0 ? 'everyone' : `if ${rule.clauses.map(describeClause).join(' and ')}`;
  return `${label}${when}, ${describeServe(rule.serve, name)}`;
}

/** `"on" to alice, bob`. */
export function describeTarget(target: Target, name: VariationNamer): string {
  return `${name(target.variation)} to ${showValues(target.values)}`;
}

/** `checkout-v2 serves "on"`. */
export function describePrerequisite(p: Prerequisite, namesOf: (flag: string) => VariationNamer): string {
  return `${p.flag} serves ${namesOf(p.flag)(p.variation)}`;
}
