import { segmentSchema } from '@switchyard/core';
import { z } from 'zod';
import { isoTime, listOf } from './common';

export const segmentView = z.object({ ...segmentSchema.shape, envKey: z.string(), createdAt: isoTime, updatedAt: isoTime });
export type SegmentView = z.infer<typeof segmentView>;
export const segmentList = listOf(segmentView);
