import type { Segment } from '@switchyard/core';
import type { SegmentRecord } from '../../db/records';

/** A segment as SDKs get it (and the audit log records it): without its row keys and times. */
export const toSegment = ({ envKey: _e, createdAt: _c, updatedAt: _u, ...segment }: SegmentRecord): Segment => segment;
