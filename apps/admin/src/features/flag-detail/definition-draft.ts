import { checkFlagDefinition, flagDefinitionSchema, type FlagDefinition } from '@switchyard/core';
import type { DefinitionEdit } from '../../api/types';
import { fromIssues, mergeErrors, type FieldErrors } from '../../lib/field-errors';
import { jsonEqual } from '../../lib/json-equal';
import { fromVariationDrafts, toVariationDrafts, type VariationDraft } from '../variations/variation-draft';

/** The editable part of a flag definition while being edited. */
export interface DefinitionDraft {
  name: string;
  description: string;
  owner: string;
  tags: string[];
  expiresAt: string | null;
  variations: VariationDraft[];
  offVariation: number;
  clientSide: boolean;
}

/** The definition fields a PATCH can change (variationType and key cannot). */
export const DEFINITION_FIELDS = ['name', 'description', 'owner', 'tags', 'expiresAt', 'variations', 'offVariation', 'clientSide'] as const;
export type EditableDefinition = Pick<FlagDefinition, (typeof DEFINITION_FIELDS)[number]>;

export function definitionToDraft(def: FlagDefinition): DefinitionDraft {
  return {
    name: def.name,
    description: def.description,
    owner: def.owner,
    tags: [...def.tags],
    expiresAt: def.expiresAt,
    variations: toVariationDrafts(def.variations, def.variationType),
    offVariation: def.offVariation,
    clientSide: def.clientSide,
  };
}

export function pickDefinition(def: FlagDefinition): EditableDefinition {
  return {
    name: def.name,
    description: def.description,
    owner: def.owner,
    tags: def.tags,
    expiresAt: def.expiresAt,
    variations: def.variations,
    offVariation: def.offVariation,
    clientSide: def.clientSide,
  };
}

export type BuildDefinitionResult = { ok: true; value: EditableDefinition } | { ok: false; errors: FieldErrors };

/** The edited definition, checked with core's schema and cross-field checks. */
export function buildDefinition(draft: DefinitionDraft, base: FlagDefinition): BuildDefinitionResult {
  const { variations, issues } = fromVariationDrafts(draft.variations, base.variationType);
  const value: EditableDefinition = {
    name: draft.name.trim(),
    description: draft.description.trim(),
    owner: draft.owner.trim(),
    tags: draft.tags,
    expiresAt: draft.expiresAt,
    variations,
    offVariation: draft.offVariation,
    clientSide: draft.clientSide,
  };
  // Only the definition's own fields: the schema is strict, and the base may be a FlagView.
  const candidate = { ...definitionOnly(base), ...value };
  const parsed = flagDefinitionSchema.safeParse(candidate);
  const unparsed = new Set(issues.map((i) => i.path.join('.')));
  const errors = mergeErrors(
    fromIssues(parsed.success ? [] : parsed.error.issues),
    fromIssues(issues),
    fromIssues(checkFlagDefinition(candidate).filter((i) => !unparsed.has(i.path.join('.')))),
  );
  return errors.size > 0 ? { ok: false, errors } : { ok: true, value };
}

/** A flag definition without whatever else an API view carries (environments, updatedAt). */
export function definitionOnly(flag: FlagDefinition): FlagDefinition {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(flagDefinitionSchema.shape)) out[k] = (flag as unknown as Record<string, unknown>)[k];
  return out as FlagDefinition;
}

/** Only the fields that differ from the base definition. */
export function changedDefinitionFields(base: EditableDefinition, next: EditableDefinition): DefinitionEdit {
  const edit: Record<string, unknown> = {};
  for (const f of DEFINITION_FIELDS) if (!jsonEqual(base[f], next[f])) edit[f] = next[f];
  return edit as DefinitionEdit;
}
