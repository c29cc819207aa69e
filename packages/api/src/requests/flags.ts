import {
  environmentConfigSchema,
  FLAG_TYPES,
  flagDefinitionSchema,
  keySchema,
  LIMITS,
  requiredText,
  VARIATION_TYPES,
} from '@switchyard/core';
import { z } from 'zod';
import { baseVersionSchema } from './base-version';
import { migrationSettingsInput } from './migrations';

const def = flagDefinitionSchema.shape;
const cfg = environmentConfigSchema.shape;
const reason = z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength).optional();
const requiredReason = requiredText(LIMITS.descriptionLength, 'is required: say why');
const baseVersion = baseVersionSchema(0);

/** Definition fields a create or an update may set (type and variation type are fixed at creation). */
const editable = {
  name: def.name.optional(),
  description: def.description.optional(),
  tags: def.tags.optional(),
  /** On create, omitted: defaulted from the type's expected lifetime. `null`: permanent (some types only). */
  expiresAt: def.expiresAt.optional(),
  variations: def.variations.optional(),
  offVariation: z.number().int().min(0).optional(),
  clientSide: z.boolean().optional(),
  reason,
};

export const createFlagBody = z.strictObject({
  key: keySchema,
  type: z.enum(FLAG_TYPES),
  owner: def.owner,
  variationType: z.enum(VARIATION_TYPES).optional(),
  /** The variation served to everyone once the flag is turned on (the initial fallthrough). */
  onVariation: z.number().int().min(0).optional(),
  /** Migration flags only: backfill, gates and check ratio. */
  migration: migrationSettingsInput.optional(),
  ...editable,
});
export type CreateFlagBody = z.infer<typeof createFlagBody>;

export const updateFlagBody = z.strictObject({ baseVersion, owner: def.owner.optional(), ...editable });
export type UpdateFlagBody = z.infer<typeof updateFlagBody>;

export const updateConfigBody = z.strictObject({
  baseVersion,
  enabled: cfg.enabled.optional(),
  targets: cfg.targets.optional(),
  rules: cfg.rules.optional(),
  fallthrough: cfg.fallthrough.optional(),
  prerequisites: cfg.prerequisites.optional(),
  reason,
});
export type UpdateConfigBody = z.infer<typeof updateConfigBody>;

export const toggleBody = z.strictObject({ enabled: z.boolean(), baseVersion, reason });
export const killBody = z.strictObject({ reason: requiredReason });
export const unarchiveBody = z.strictObject({ reason });
/** `force` archives a flag even while it is killed in some environment (a reason is then required). */
export const archiveBody = z.strictObject({ reason, force: z.boolean().optional() });

export const flagParams = z.strictObject({ key: keySchema });
export const flagEnvParams = z.strictObject({ key: keySchema, env: keySchema });

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
export const listFlagsQuery = z.strictObject({
  tag: z.string().min(1).max(LIMITS.tagLength).optional(),
  owner: z.string().min(1).max(LIMITS.nameLength).optional(),
  type: z.enum(FLAG_TYPES).optional(),
  stale: bool.optional(),
  archived: bool.optional(),
  q: z.string().min(1).max(100).optional(),
  environment: keySchema.optional(),
  killed: bool.optional(),
  enabled: bool.optional(),
});
export type ListFlagsQuery = z.infer<typeof listFlagsQuery>;
