import {
  DEFAULT_BOOLEAN_VARIATIONS,
  environmentConfigSchema,
  flagDefinitionSchema,
  keySchema,
  segmentSchema,
  type EnvironmentConfig,
  type FlagType,
  type Variation,
  type VariationType,
} from '@switchyard/core';
import { z } from 'zod';

// The declarative flag file (docs/cli.md, "The flag file"): one environment's flags and segments as
// desired state. Built from core's schemas, so the file accepts exactly what the server accepts;
// server bookkeeping (versions, timestamps, kill state) has no place in it.

const def = flagDefinitionSchema.shape;
const cfg = environmentConfigSchema.shape;
const seg = segmentSchema.shape;

/** A flag's config in the file's environment. Omitted fields take their defaults (off, no targeting). */
export const fileConfigSchema = z.strictObject({
  enabled: cfg.enabled.optional(),
  targets: cfg.targets.optional(),
  rules: cfg.rules.optional(),
  fallthrough: cfg.fallthrough.optional(),
  prerequisites: cfg.prerequisites.optional(),
});

export const fileFlagSchema = z.strictObject({
  key: def.key,
  name: def.name.optional(),
  description: def.description.optional(),
  type: def.type,
  owner: def.owner,
  tags: def.tags.optional(),
  /** Omitted: the type's default at creation, and left alone afterwards. `null`: permanent. */
  expiresAt: def.expiresAt.optional(),
  variationType: def.variationType.optional(),
  variations: def.variations.optional(),
  offVariation: def.offVariation.optional(),
  clientSide: def.clientSide.optional(),
  /** Absent for migration flags: their stage moves only through `switchyard migration move`. */
  config: fileConfigSchema.optional(),
});

export const fileSegmentSchema = z.strictObject({
  key: seg.key,
  name: seg.name.optional(),
  description: seg.description.optional(),
  included: seg.included.optional(),
  excluded: seg.excluded.optional(),
  rules: seg.rules.optional(),
});

export const flagFileSchema = z.strictObject({
  environment: keySchema,
  flags: z.array(fileFlagSchema).optional(),
  segments: z.array(fileSegmentSchema).optional(),
});

export type FlagFile = z.infer<typeof flagFileSchema>;
export type FileFlag = z.infer<typeof fileFlagSchema>;
export type FileSegment = z.infer<typeof fileSegmentSchema>;

/** A flag's config as desired state: the config without its kill state and version. */
export type DesiredConfig = Omit<EnvironmentConfig, 'killed' | 'version'>;

/** A flag with every default filled in. `expiresAt` undefined: not managed by the file. */
export interface DesiredFlag {
  key: string;
  name: string;
  description: string;
  type: FlagType;
  owner: string;
  tags: string[];
  expiresAt: string | null | undefined;
  clientSide: boolean;
  /** Undefined for migration flags (their variations are the stages). */
  variationType: VariationType | undefined;
  variations: Variation[] | undefined;
  offVariation: number | undefined;
  /** Undefined for migration flags (their config is the stage machine's). */
  config: DesiredConfig | undefined;
}

export interface DesiredSegment {
  key: string;
  name: string;
  description: string;
  included: string[];
  excluded: string[];
  rules: z.infer<typeof seg.rules>;
}

export interface DesiredState {
  environment: string;
  flags: DesiredFlag[];
  segments: DesiredSegment[];
}

/** The variation served once a new flag is turned on: the server's rule (flag-views.ts, defaultOnVariation). */
export function defaultOnVariation(variationType: VariationType, variations: readonly Variation[], offVariation: number): number {
  if (variationType === 'boolean') {
    const on = variations.findIndex((v) => v.value === true);
    if (on >= 0) return on;
  }
  return offVariation;
}

/** Fills in the defaults of a valid file: what the file means. */
export function toDesiredState(file: FlagFile): DesiredState {
  return {
    environment: file.environment,
    flags: (file.flags ?? []).map(toDesiredFlag),
    segments: (file.segments ?? []).map((s) => ({
      key: s.key,
      name: s.name ?? s.key,
      description: s.description ?? '',
      included: s.included ?? [],
      excluded: s.excluded ?? [],
      rules: s.rules ?? [],
    })),
  };
}

function toDesiredFlag(f: FileFlag): DesiredFlag {
  const common = {
    key: f.key,
    name: f.name ?? f.key,
    description: f.description ?? '',
    type: f.type,
    owner: f.owner,
    tags: f.tags ?? [],
    expiresAt: f.expiresAt,
    clientSide: f.clientSide ?? false,
  };
  if (f.type === 'migration') return { ...common, variationType: undefined, variations: undefined, offVariation: undefined, config: undefined };
  const variationType = f.variationType ?? 'boolean';
  const variations = f.variations ?? [...DEFAULT_BOOLEAN_VARIATIONS];
  const offVariation = f.offVariation ?? 0;
  const c = f.config ?? {};
  return {
    ...common,
    variationType,
    variations,
    offVariation,
    config: {
      enabled: c.enabled ?? false,
      targets: c.targets ?? [],
      rules: c.rules ?? [],
      fallthrough: c.fallthrough ?? { variation: defaultOnVariation(variationType, variations, offVariation) },
      prerequisites: c.prerequisites ?? [],
    },
  };
}
