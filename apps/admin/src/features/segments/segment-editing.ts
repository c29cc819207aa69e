import type { RequestChange, SegmentEdit, SegmentView } from '../../api/types';
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
  requestReview: async (api, base, title, changes) => {
    const request = await api.changeRequests.create(base.envKey, { title, changes: [segmentChange(base.key, base.version, changes)] });
    return request.id;
  },
  said: {
    saved: (segment) => `Segment ${segment.key} saved (version ${segment.version}).`,
    conflict: 'Someone else changed this segment first.',
    reapplied: (version) => `Your change was reapplied on version ${version}. Review it, then save.`,
  },
};

/** A segment edit as a change request's change (the admin's RequestChange type is written for flag configs). */
export function segmentChange(key: string, baseVersion: number | null, edit: SegmentEdit): RequestChange {
  return (baseVersion === null ? { op: 'segment.create', key, ...edit } : { op: 'segment.update', key, baseVersion, ...edit }) as RequestChange;
}
