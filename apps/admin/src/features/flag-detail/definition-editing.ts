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
  said: {
    saved: (flag) => `Flag saved (version ${flag.version}).`,
    conflict: 'Someone else changed this flag first. Review both changes.',
    reapplied: (version, overlaps) =>
      overlaps.length > 0
        ? `Reapplied on version ${version}. You both changed ${overlaps.join(', ')}: yours is shown; check it, then save.`
        : `Reapplied on version ${version}. Review, then save.`,
  },
};
