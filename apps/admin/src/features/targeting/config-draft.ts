import { checkEnvironmentConfig, environmentConfigSchema, type Clause, type EnvironmentConfig, type FlagDefinition, type Operator, type Rule, type Serve, type Target } from '@switchyard/core';
import type { ConfigEdit } from '../../api/types';
import { fromIssues, mergeErrors, type FieldErrors } from '../../lib/field-errors';
import { jsonEqual } from '../../lib/json-equal';
import { kindOfValues, type ValueKind } from './clause-values';
import { draftToServe, serveToDraft, type ServeDraft } from './serve-draft';

/**
 * A flag's targeting in one environment while being edited. Rules and clauses carry a `uid` for
 * React keys (stable across reordering); targets are kept per variation (index = variation).
 */
export interface ConfigDraft {
  targets: string[][];
  rules: RuleDraft[];
  fallthrough: ServeDraft;
}

export interface RuleDraft {
  uid: string;
  id?: string;
  description: string;
  clauses: ClauseDraft[];
  serve: ServeDraft;
}

export interface ClauseDraft {
  uid: string;
  attribute: string;
  op: Operator;
  values: Clause['values'];
  negate: boolean;
  /** How typed values are read, for in / notIn. */
  kind: ValueKind;
}

/** The fields this draft edits. */
export const EDITED_FIELDS = ['targets', 'rules', 'fallthrough'] as const;
export type EditedConfig = Pick<EnvironmentConfig, (typeof EDITED_FIELDS)[number]>;

let counter = 0;
export const newUid = (): string => `u${++counter}`;

export function newClause(): ClauseDraft {
  return { uid: newUid(), attribute: 'key', op: 'in', values: [], negate: false, kind: 'string' };
}

export function newRule(serveVariation: number): RuleDraft {
  return { uid: newUid(), description: '', clauses: [newClause()], serve: { kind: 'variation', variation: serveVariation } };
}

export function configToDraft(config: EditedConfig, variationCount: number): ConfigDraft {
  const targets: string[][] = Array.from({ length: variationCount }, () => []);
  for (const t of config.targets) {
    while (targets.length <= t.variation) targets.push([]);
    targets[t.variation]!.push(...t.values);
  }
  return {
    targets,
    rules: config.rules.map((r) => ({
      uid: newUid(),
      ...(r.id !== undefined ? { id: r.id } : {}),
      description: r.description ?? '',
      clauses: r.clauses.map((c) => ({ uid: newUid(), attribute: c.attribute, op: c.op, values: [...c.values], negate: c.negate === true, kind: kindOfValues(c.values) })),
      serve: serveToDraft(r.serve),
    })),
    fallthrough: serveToDraft(config.fallthrough),
  };
}

export type BuildConfigResult =
  | { ok: true; config: EditedConfig; targetVariations: number[] }
  | { ok: false; errors: FieldErrors; targetVariations: number[] };

/**
 * The config to save, checked as the server will check it: core's config schema and its
 * write-time checks (variation indexes, clause values, segment references, duplicate targets).
 * Error paths use draft positions: `targets[v]` is variation v's list.
 */
export function buildConfig(draft: ConfigDraft, def: Pick<FlagDefinition, 'key' | 'variations'>, segmentKeys: ReadonlySet<string>): BuildConfigResult {
  const targetVariations: number[] = [];
  const targets: Target[] = [];
  draft.targets.forEach((values, variation) => {
    if (values.length === 0) return;
    targetVariations.push(variation);
    targets.push({ variation, values: [...values] });
  });
  const serveIssues: { path: (string | number)[]; message: string }[] = [];
  const serveOf = (d: ServeDraft, path: (string | number)[]): Serve => {
    const r = draftToServe(d);
    if (r.ok) return r.serve;
    serveIssues.push({ path: [...path, 'rollout'], message: r.message });
    return { variation: 0 };
  };
  const rules: Rule[] = draft.rules.map((r, i) => {
    const rule: Rule = {
      clauses: r.clauses.map((c) => {
        const clause: Clause = { attribute: c.op === 'segmentMatch' ? c.attribute || 'key' : c.attribute.trim(), op: c.op, values: [...c.values] };
        if (c.negate) clause.negate = true;
        return clause;
      }),
      serve: serveOf(r.serve, ['rules', i, 'serve']),
    };
    if (r.id !== undefined) rule.id = r.id;
    if (r.description.trim()) rule.description = r.description.trim();
    return rule;
  });
  const fallthrough = serveOf(draft.fallthrough, ['fallthrough']);
  const config: EditedConfig = { targets, rules, fallthrough };

  const shape = environmentConfigSchema.pick({ targets: true, rules: true, fallthrough: true });
  const parsed = shape.safeParse(config);
  const coreIssues = parsed.success ? checkEnvironmentConfig(def, config, segmentKeys) : [];
  const errors = mergeErrors(
    fromIssues(serveIssues),
    fromIssues(remapTargetPaths(parsed.success ? [] : parsed.error.issues, targetVariations)),
    fromIssues(remapTargetPaths(coreIssues, targetVariations)),
  );
  return errors.size > 0 ? { ok: false, errors, targetVariations } : { ok: true, config, targetVariations };
}

/** `targets[t]` of the saved list → `targets[v]`, v being the variation the list is for. */
export function remapTargetPaths<I extends { path: readonly PropertyKey[] }>(issues: readonly I[], targetVariations: readonly number[]): I[] {
  return issues.map((i) => {
    if (i.path[0] !== 'targets' || typeof i.path[1] !== 'number') return i;
    const v = targetVariations[i.path[1]];
    return v === undefined ? i : { ...i, path: ['targets', v, ...i.path.slice(2)] };
  });
}

/** Only the fields that differ from the base: a PATCH names what the person changed, nothing else. */
export function changedConfigFields(base: EditedConfig, next: EditedConfig): ConfigEdit {
  const edit: ConfigEdit = {};
  if (!jsonEqual(base.targets, next.targets)) edit.targets = next.targets;
  if (!jsonEqual(base.rules, next.rules)) edit.rules = next.rules;
  if (!jsonEqual(base.fallthrough, next.fallthrough)) edit.fallthrough = next.fallthrough;
  return edit;
}

export function pickEdited(config: EditedConfig): EditedConfig {
  return { targets: config.targets, rules: config.rules, fallthrough: config.fallthrough };
}

/** Segment keys the draft references (used when the environment's segments are not loaded). */
export function segmentKeysIn(draft: ConfigDraft): string[] {
  return draft.rules.flatMap((r) => r.clauses.filter((c) => c.op === 'segmentMatch').flatMap((c) => c.values.map(String)));
}

/** Moves rule `from` to position `to` (order matters: the first matching rule wins). */
export function moveRule(rules: readonly RuleDraft[], from: number, to: number): RuleDraft[] {
  if (from === to || from < 0 || to < 0 || from >= rules.length || to >= rules.length) return [...rules];
  const next = [...rules];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}
