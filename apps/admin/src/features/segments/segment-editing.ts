import type { SegmentView } from '../../api/types';
import type { VersionedEditing } from '../../lib/use-versioned-editor';
import {
  buildSegment,
  changedSegmentFields,
  type EditableSegment,
  pickSegment,
  SEGMENT_FIELDS,
  type SegmentDraft,
  segmentToDraft,
} from './segment-draft';

/** Editing an existing segment (with useVersionedEditor); its page offers their version on a conflict. */
export const segmentEditing: VersionedEditing<SegmentView, SegmentDraft, EditableSegment> = {
  inputs: [],
  toDraft: segmentToDraft,
  build: (draft) => buildSegment(draft),
  pick: pickSegment,
  changed: changedSegmentFields,
  fields: SEGMENT_FIELDS,
  save: (api, base, changes, reason) =>
    api.segments.update(base.envKey, base.key, {
      ...changes,
      baseVersion: base.version,
      ...(reason ? { reason } : {}),
    }),
  said: {
    saved: (segment) => `Segment ${segment.key} saved (version ${segment.version}).`,
    conflict: 'Someone else changed this segment first.',
    reapplied: (version) => `Your change was reapplied on version ${version}. Review it, then save.`,
  },
};
