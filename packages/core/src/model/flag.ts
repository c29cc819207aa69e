import { z } from 'zod';
import { FLAG_TYPES, PERMANENT_TYPES } from './flag-type';
import { keySchema } from './keys';
import { LIMITS } from './limits';
import { isBlankText } from './text';
import { VARIATION_TYPES, typeOfValue, variationSchema } from './variation';

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/**
 * The part of a flag shared by all environments. Per-environment behaviour lives in
 * {@link EnvironmentConfig}.
 */
export const flagDefinitionSchema = z.strictObject({
  key: keySchema,
  name: z.string().min(1, 'must not be empty').max(LIMITS.nameLength),
  description: z.string().max(LIMITS.descriptionLength),
  type: z.enum(FLAG_TYPES),
  /** A team or person: required, and more than white space or invisible characters. */
  owner: z
    .string()
    .min(1, 'is required: every flag has an owner')
    .max(LIMITS.nameLength)
    .refine((owner) => owner.length === 0 || !isBlankText(owner), 'is required: every flag has an owner, and spaces or invisible characters alone name no one'),
  tags: z.array(z.string().min(1).max(LIMITS.tagLength)).max(LIMITS.tags),
  createdAt: isoDate,
  /** Expected removal date; `null` means permanent (ops, permission and kill-switch flags only). */
  expiresAt: isoDate.nullable(),
  variationType: z.enum(VARIATION_TYPES),
  variations: z.array(variationSchema).min(1, 'must have at least one variation').max(LIMITS.variations),
  /** Index of the safe default: served when the flag is off, killed, or cannot be evaluated. */
  offVariation: z.number().int().min(0),
  /** Whether browser (client-key) SDKs may see this flag's value. */
  clientSide: z.boolean(),
  archivedAt: isoDate.nullable(),
  /** Increases by one on every change to the definition (optimistic concurrency). */
  version: z.number().int().min(1),
});
export type FlagDefinition = z.infer<typeof flagDefinitionSchema>;

type Issue = { path: (string | number)[]; message: string };

/**
 * Cross-field checks of a flag definition that a schema of single fields cannot express.
 * Returns the problems, each with the path of the field it concerns; empty when valid.
 */
export function checkFlagDefinition(f: Pick<FlagDefinition, 'type' | 'expiresAt' | 'variationType' | 'variations' | 'offVariation'>): Issue[] {
  const issues: Issue[] = [];
  if (f.expiresAt === null && !PERMANENT_TYPES.has(f.type))
    issues.push({ path: ['expiresAt'], message: `is required for ${f.type} flags (only ops, permission and kill-switch flags may be permanent)` });
  const names = new Set<string>();
  f.variations.forEach((v, i) => {
    const t = typeOfValue(v.value);
    if (f.variationType !== 'json' && t !== f.variationType)
      issues.push({ path: ['variations', i, 'value'], message: `must be a ${f.variationType}, got ${t}` });
    if (names.has(v.name)) issues.push({ path: ['variations', i, 'name'], message: `duplicates variation name "${v.name}"` });
    names.add(v.name);
  });
  if (f.variationType === 'boolean' && f.variations.length > 2)
    issues.push({ path: ['variations'], message: 'a boolean flag has at most two variations' });
  if (f.offVariation >= f.variations.length)
    issues.push({ path: ['offVariation'], message: `must be the index of a variation (0..${f.variations.length - 1})` });
  return issues;
}
