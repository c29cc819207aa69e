import type { Prerequisite, Rule, Target } from '../model/rule';
import type { Serve } from '../model/serve';
import type { Variation } from '../model/variation';
import { describePrerequisite, describeRule, describeServe, describeTarget, variationNamer, type VariationNamer } from './describe-targeting';

/** One changed field as people read it: a label and the lines before and after ("none" when empty). */
export interface DescribedChange {
  field: string;
  label: string;
  before: string[];
  after: string[];
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  enabled: 'State',
  killed: 'Kill switch',
  targets: 'Individual targets',
  rules: 'Rules',
  fallthrough: 'Default rule',
  prerequisites: 'Prerequisites',
  offVariation: 'Off variation',
  variations: 'Variations',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const list = (lines: string[]) => (lines.length === 0 ? ['none'] : lines);

/**
 * A flag or config field's value in words, or undefined when the field has no human form here
 * (the caller shows it raw). `name` names the flag's variations.
 */
export function describeFieldValue(field: string, value: unknown, name: VariationNamer, prerequisiteNames: (flag: string) => VariationNamer = () => variationNamer(undefined)): string[] | undefined {
  if (value === undefined) return ['none'];
  switch (field) {
    case 'enabled':
      return typeof value === 'boolean' ? [value ? 'on' : 'off'] : undefined;
    case 'killed':
      if (value === null) return ['not killed'];
      return typeof value === 'object' ? [`killed${'reason' in value ? `: ${String((value as { reason: unknown }).reason)}` : ''}`] : undefined;
    case 'targets':
      return Array.isArray(value) ? list((value as Target[]).filter((t) => t.values.length > 0).map((t) => describeTarget(t, name))) : undefined;
    case 'rules':
      return Array.isArray(value) ? list((value as Rule[]).map((r, i) => `${i + 1}. ${describeRule(r, name)}`)) : undefined;
    case 'fallthrough':
      return value !== null && typeof value === 'object' ? [describeServe(value as Serve, name)] : undefined;
    case 'prerequisites':
      return Array.isArray(value) ? list((value as Prerequisite[]).map((p) => describePrerequisite(p, prerequisiteNames))) : undefined;
    case 'offVariation':
      return typeof value === 'number' ? [name(value)] : undefined;
    case 'variations':
      return Array.isArray(value) ? list((value as Variation[]).map((v, i) => `${i}: "${v.name}" = ${JSON.stringify(v.value)}`)) : undefined;
    default:
      return undefined;
  }
}

/** Describes one field change; undefined when the field has no human form (show it raw). */
export function describeFieldChange(field: string, before: unknown, after: unknown, name: VariationNamer, prerequisiteNames?: (flag: string) => VariationNamer): DescribedChange | undefined {
  const b = describeFieldValue(field, before, name, prerequisiteNames);
  const a = describeFieldValue(field, after, name, prerequisiteNames);
  if (!b || !a) return undefined;
  return { field, label: FIELD_LABELS[field] ?? field, before: b, after: a };
}

/**
 * The described changes between two versions of a flag config or definition (an audit entry's
 * before/after): each known field that differs. Fields without a human form are left to the raw diff.
 * Variation names come from `variations` (the flag's), else from the values themselves when they are a definition.
 */
export function describeChanges(before: unknown, after: unknown, variations?: readonly Pick<Variation, 'name'>[]): DescribedChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || typeof a !== 'object') return [];
  const own = (Array.isArray(a.variations) ? a.variations : Array.isArray(b.variations) ? b.variations : variations) as Pick<Variation, 'name'>[] | undefined;
  const name = variationNamer(own?.map((v) => v.name));
  const out: DescribedChange[] = [];
  for (const field of Object.keys(FIELD_LABELS)) {
    if (!(field in a) && !(field in b)) continue;
    if (same(b[field], a[field])) continue;
    const described = describeFieldChange(field, b[field], a[field], name);
    if (described) out.push(described);
  }
  return out;
}
