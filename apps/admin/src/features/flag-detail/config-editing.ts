import type { EnvironmentConfig, FlagDefinition } from '@switchyard/core';
import { remapTargetPathString } from '../../lib/field-path-remap';
import type { VersionedEditing } from '../../lib/use-versioned-editor';
import {
  buildConfig,
  type ConfigDraft,
  changedConfigFields,
  configToDraft,
  EDITED_FIELDS,
  type EditedConfig,
  pickEdited,
  segmentKeysIn,
} from '../targeting/config-draft';

/** Editing one flag's targeting in one environment (with useVersionedEditor). */
export function configEditing(
  flag: FlagDefinition,
  envKey: string,
  segmentKeys: readonly string[] | null,
): VersionedEditing<EnvironmentConfig, ConfigDraft, EditedConfig> {
  const count = flag.variations.length;
  return {
    inputs: [flag, segmentKeys],
    toDraft: (config) => configToDraft(config, count),
    build: (draft) => {
      const built = buildConfig(draft, flag, new Set(segmentKeys ?? segmentKeysIn(draft)));
      if (!built.ok) return built;
      return {
        ok: true,
        value: built.config,
        serverPath: (path) => remapTargetPathString(path, built.targetVariations),
      };
    },
    pick: pickEdited,
    changed: changedConfigFields,
    fields: EDITED_FIELDS,
    save: async (api, base, changes, reason) => {
      const saved = await api.configs.update(flag.key, envKey, {
        ...changes,
        baseVersion: base.version,
        ...(reason ? { reason } : {}),
      });
      const { flagKey: _f, envKey: _e, updatedAt: _u, ...next } = saved;
      return next;
    },
    requestReview: async (api, base, title, changes) => {
      const request = await api.changeRequests.create(envKey, {
        title,
        changes: [{ op: 'flag.config.update', key: flag.key, baseVersion: base.version, ...changes }],
      });
      return request.id;
    },
    said: {
      saved: (config) => `Targeting saved (version ${config.version}).`,
      conflict: 'Someone else changed this first. Review both changes.',
      reapplied: (version, overlaps) =>
        overlaps.length > 0
          ? `Your change was reapplied on version ${version}. You both changed ${overlaps.join(', ')}: yours is shown; check it, then save.`
          : `Your change was reapplied on version ${version}. Review it, then save.`,
    },
  };
}
