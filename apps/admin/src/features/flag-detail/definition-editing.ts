import type { FlagView } from '../../api/types';
import type { VersionedEditing } from '../../lib/use-versioned-editor';
import {
  buildDefinition,
  changedDefinitionFields,
  DEFINITION_FIELDS,
  type DefinitionDraft,
  definitionToDraft,
  type EditableDefinition,
  pickDefinition,
} from './definition-draft';

/** Editing a flag's definition (with useVersionedEditor). */
export const definitionEditing: VersionedEditing<FlagView, DefinitionDraft, EditableDefinition> = {
  inputs: [],
  toDraft: definitionToDraft,
  build: buildDefinition,
  pick: pickDefinition,
  changed: changedDefinitionFields,
  fields: DEFINITION_FIELDS,
  save: (api, base, changes, reason) =>
    api.flags.update(base.key, { ...changes, baseVersion: base.version, ...(reason ? { reason } : {}) }),
  // A definition reaches every environment: its review is requested in one that requires it.
  requestReview: async (api, base, title, changes, envKey) => {
    if (envKey === undefined) throw new Error('a definition edit is reviewed in an environment: none was given');
    const request = await api.changeRequests.create(envKey, { title, changes: [{ op: 'flag.update', key: base.key, baseVersion: base.version, ...changes }] });
    return request.id;
  },
  said: {
    saved: (flag) => `Flag saved (version ${flag.version}).`,
    conflict: 'Someone else changed this flag first. Review both changes.',
    reapplied: (version, overlaps) =>
      overlaps.length > 0
        ? `Reapplied on version ${version}. You both changed ${overlaps.join(', ')}: yours is shown; check it, then save.`
        : `Reapplied on version ${version}. Review, then save.`,
  },
};
