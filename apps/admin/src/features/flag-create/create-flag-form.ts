import { checkFlagDefinition, flagDefinitionSchema, migrationVariations, type FlagDefinition, type FlagType, type VariationType } from '@switchyard/core';
import type { CreateFlagBody } from '../../api/types';
import { fromIssues, mergeErrors, type FieldErrors } from '../../lib/field-errors';
import { initialExpiry, mayBePermanent } from '../flags/expiry';
import { defaultVariationDrafts, fromVariationDrafts, type VariationDraft } from '../variations/variation-draft';

/** The create-flag form as a person fills it in. */
export interface CreateFlagForm {
  key: string;
  name: string;
  description: string;
  type: FlagType;
  owner: string;
  tags: string[];
  /** ISO date-time, or null for permanent. */
  expiresAt: string | null;
  /** Once the person picks an expiry, a type change no longer resets it. */
  expiryTouched: boolean;
  variationType: VariationType;
  variations: VariationDraft[];
  offVariation: number;
  /** Served to everyone once the flag is turned on. */
  onVariation: number;
  clientSide: boolean;
  reason: string;
  /** Migration flags: whether the new store needs a backfill before it may serve reads. */
  backfillRequired: boolean;
}

export function initialForm(now: Date): CreateFlagForm {
  return {
    key: '',
    name: '',
    description: '',
    type: 'release',
    owner: '',
    tags: [],
    expiresAt: initialExpiry('release', now),
    expiryTouched: false,
    variationType: 'boolean',
    variations: defaultVariationDrafts('boolean'),
    offVariation: 0,
    onVariation: 1,
    clientSide: false,
    reason: '',
    backfillRequired: true,
  };
}

/**
 * A new type: its default expiry unless the person chose one; and never permanent where the type
 * may not be (a chosen permanent expiry falls back to the type's default).
 */
export function withType(form: CreateFlagForm, type: FlagType, now: Date): CreateFlagForm {
  let expiresAt = form.expiresAt;
  if (!form.expiryTouched) expiresAt = initialExpiry(type, now);
  else if (expiresAt === null && !mayBePermanent(type)) expiresAt = initialExpiry(type, now);
  return { ...form, type, expiresAt };
}

export function withVariationType(form: CreateFlagForm, variationType: VariationType): CreateFlagForm {
  return { ...form, variationType, variations: defaultVariationDrafts(variationType), offVariation: 0, onVariation: variationType === 'boolean' ? 1 : 0 };
}

/** A key suggested from the name: "New checkout (EU)" → "new-checkout-eu". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '')
    .slice(0, 100);
}

export type BuildResult = { ok: true; body: CreateFlagBody } | { ok: false; errors: FieldErrors };

/**
 * Checks the form with core's flag schema and cross-field checks (so the browser refuses what the
 * server would) and builds the request body.
 */
export function buildCreateBody(form: CreateFlagForm, now: Date): BuildResult {
  if (form.type === 'migration') return buildMigrationBody(form, now);
  const { variations, issues: valueIssues } = fromVariationDrafts(form.variations, form.variationType);
  const candidate: FlagDefinition = {
    key: form.key.trim(),
    name: form.name.trim() || form.key.trim(),
    description: form.description.trim(),
    type: form.type,
    owner: form.owner.trim(),
    tags: form.tags,
    createdAt: now.toISOString(),
    expiresAt: form.expiresAt,
    variationType: form.variationType,
    variations,
    offVariation: form.offVariation,
    clientSide: form.clientSide,
    archivedAt: null,
    version: 1,
  };
  const schema = flagDefinitionSchema.safeParse(candidate);
  const unparsed = new Set(valueIssues.map((i) => i.path.join('.')));
  const extra: { path: (string | number)[]; message: string }[] = [];
  if (form.expiresAt !== null && Date.parse(form.expiresAt) <= now.getTime()) extra.push({ path: ['expiresAt'], message: 'must be in the future' });
  if (form.onVariation >= variations.length) extra.push({ path: ['onVariation'], message: 'must be one of the variations' });
  const errors = mergeErrors(
    fromIssues(schema.success ? [] : schema.error.issues),
    fromIssues(valueIssues),
    // A value that did not parse is reported once, as such, not again as "of the wrong type".
    fromIssues(checkFlagDefinition(candidate).filter((i) => !unparsed.has(i.path.join('.')))),
    fromIssues(extra),
  );
  if (errors.size > 0) return { ok: false, errors };
  const body: CreateFlagBody = {
    key: candidate.key,
    name: candidate.name,
    type: candidate.type,
    owner: candidate.owner,
    tags: candidate.tags,
    expiresAt: candidate.expiresAt,
    variationType: candidate.variationType,
    variations,
    offVariation: form.offVariation,
    onVariation: form.onVariation,
    clientSide: form.clientSide,
  };
  if (candidate.description) body.description = candidate.description;
  if (form.reason.trim()) body.reason = form.reason.trim();
  return { ok: true, body };
}

/**
 * A migration flag's variations are its stages (the server makes them): the body carries the
 * definition and the migration settings, never variations.
 */
function buildMigrationBody(form: CreateFlagForm, now: Date): BuildResult {
  const candidate: FlagDefinition = {
    key: form.key.trim(),
    name: form.name.trim() || form.key.trim(),
    description: form.description.trim(),
    type: 'migration',
    owner: form.owner.trim(),
    tags: form.tags,
    createdAt: now.toISOString(),
    expiresAt: form.expiresAt,
    variationType: 'json',
    variations: migrationVariations(1),
    offVariation: 0,
    clientSide: false,
    archivedAt: null,
    version: 1,
  };
  const schema = flagDefinitionSchema.safeParse(candidate);
  const extra: { path: (string | number)[]; message: string }[] = [];
  if (form.expiresAt !== null && Date.parse(form.expiresAt) <= now.getTime()) extra.push({ path: ['expiresAt'], message: 'must be in the future' });
  const errors = mergeErrors(fromIssues(schema.success ? [] : schema.error.issues), fromIssues(checkFlagDefinition(candidate)), fromIssues(extra));
  if (errors.size > 0) return { ok: false, errors };
  const body: CreateFlagBody = {
    key: candidate.key,
    name: candidate.name,
    type: 'migration',
    owner: candidate.owner,
    tags: candidate.tags,
    expiresAt: candidate.expiresAt,
    migration: { backfillRequired: form.backfillRequired },
  };
  if (candidate.description) body.description = candidate.description;
  if (form.reason.trim()) body.reason = form.reason.trim();
  return { ok: true, body };
}
